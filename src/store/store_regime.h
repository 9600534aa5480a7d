/*
** store_regime.h: a plan's reporting regime (chế độ báo cáo), the rows of
** reporting_regimes that src/monitor turns into reporting periods. Import
** fills it from the plan's text; an administrator or the plan's aggregating
** body corrects it here. Part of the store interface (store.h); the SQLite
** implementation is sqlite_regime.c.
**
** A regime: {"plan_id", "version" (the plan's, for If-Match), "items":
** [{"period": "quarter", "period_label": "Quý", "due": "day 10 of last
** month" | null}]}; periods and due days as in plan JSON
** (docs/spec/plan-json.md "reporting", core/period.h). Empty items: the
** monitor's default (quarterly and yearly, Decree 09/2019/NĐ-CP).
*/
#ifndef NQ_STORE_REGIME_H
#define NQ_STORE_REGIME_H

#include <jansson.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

/* NQ_ENOTFOUND when the plan does not exist. */
nq_code nq_store_regime_get(nq_store *s, int64_t plan_id, json_t **out, nq_err *err);

/* Replace the regime with items ([{"period","due"}], each kind at most
** once, due null or a valid day) when the plan's version equals if_version
** (NQ_EPRECOND otherwise; < 0 skips the check). The plan's version goes up
** and the change is audited ("update_regime" on the plan, regimes before
** and after) in the same transaction. NQ_EINVAL names the faulty item.
** Periods already generated keep their dates; the next generation uses
** the new regime. out (may be NULL): the regime after. */
nq_code nq_store_regime_set(nq_store *s, const nq_actor *who, int64_t plan_id, int64_t if_version,
                            const json_t *items, json_t **out, nq_err *err);

#endif
