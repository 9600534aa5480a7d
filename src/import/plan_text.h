/*
** plan_text.h: the reader of plan text: line model, document structure,
** metadata, tasks, duties and reporting regime (plan-json.md). Input is
** UTF-8 NFC text with diacritics (OCR text is restored before, restore.h).
*/
#ifndef NQ_IMPORT_PLAN_TEXT_H
#define NQ_IMPORT_PLAN_TEXT_H

#include <jansson.h>

#include "import/agencies.h"

/* Plan JSON for the text; source goes into "source". Never fails. */
json_t *nq_plan_from_text(const char *text, const char *source, nq_agency_dir *dir);

#endif
