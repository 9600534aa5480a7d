/*
** field.h: the field (lĩnh vực) of a task: which of the task groups of
** Resolution 57-NQ/TW it serves, guessed from its title and body by
** accent-insensitive keyword rules. Pure; no I/O.
**
** The groups are the ones the action plans implementing 57-NQ/TW and
** 03/NQ-CP use as their "III. NHIỆM VỤ, GIẢI PHÁP" headings (data/seeds):
**   awareness              Nâng cao nhận thức, đổi mới tư duy, lãnh đạo
**   institutions           Hoàn thiện thể chế, cơ chế, chính sách
**   infrastructure         Hạ tầng số, dữ liệu, nền tảng số
**   human_resources        Nhân lực, đào tạo, nhân tài
**   digital_government     Chuyển đổi số trong cơ quan nhà nước, dịch vụ công
**   enterprise_innovation  KH, CN, ĐMST và chuyển đổi số trong doanh nghiệp
**   international          Hợp tác, hội nhập quốc tế
**   security               An ninh mạng, an toàn thông tin, bảo vệ dữ liệu
**   other                  Khác
** Codes are stable: they are stored in tasks.field and sent by the API.
*/
#ifndef NQ_FIELD_H
#define NQ_FIELD_H

#include <stdbool.h>
#include <stddef.h>

#define NQ_FIELD_OTHER "other"

/* The field code of a task; body may be NULL. Never NULL: "other" when no
** rule matches. The result is a static string. */
const char *nq_task_field(const char *title, const char *body);

/* The Vietnamese label (NFC) of a field code, NULL for an unknown code. */
const char *nq_field_label(const char *code);

/* Whether code is one of the field codes above. */
bool nq_field_valid(const char *code);

/* The codes in display order (the order of the resolution's groups,
** "other" last), for charts and pickers. */
size_t nq_field_count(void);
const char *nq_field_code_at(size_t i);

#endif
