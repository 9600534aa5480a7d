/*
** field.c: guesses a task's field (field.h) from its words.
**
** Almost every task of a 57-NQ/TW plan ends with the same refrain, "phát
** triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số", so a bag of
** words would file everything under innovation. What a task is about is what
** it starts with ("Tổ chức tuyên truyền ...", "Rà soát cơ chế, chính sách
** ..."). Hence three tiers, the first that matches wins:
**   1. a topic no other group speaks of (cyber security), anywhere in the
**      text;
**   2. the specific phrase of any group that occurs EARLIEST in the text;
**   3. the same for the refrain's generic words, as a last resort.
** The title decides; the body only when the title says nothing.
*/
#include "core/field.h"

#include <stdlib.h>
#include <string.h>

#include "core/vntext.h"
#include "util/buf.h"

typedef struct {
  const char *code;
  const char *label;
} field_def;

static const field_def FIELDS[] = {
  {"awareness", "Nâng cao nhận thức, đổi mới tư duy, tăng cường lãnh đạo"},
  {"institutions", "Hoàn thiện thể chế, cơ chế, chính sách"},
  {"infrastructure", "Hạ tầng số, dữ liệu, nền tảng số"},
  {"human_resources", "Phát triển nguồn nhân lực"},
  {"digital_government", "Chuyển đổi số trong cơ quan nhà nước, dịch vụ công"},
  {"enterprise_innovation", "Khoa học, công nghệ, đổi mới sáng tạo trong doanh nghiệp"},
  {"international", "Hợp tác, hội nhập quốc tế"},
  {"security", "An ninh mạng, an toàn thông tin"},
  {NQ_FIELD_OTHER, "Khác"},
};
#define FIELD_COUNT (sizeof FIELDS / sizeof FIELDS[0])

typedef struct {
  int tier;
  const char *code;
  const char *phrase; /* in vn_search_key form: folded, single spaces */
} field_rule;

static const field_rule RULES[] = {
  {1, "security", "an ninh mang"},
  {1, "security", "an toan thong tin"},
  {1, "security", "an ninh thong tin"},
  {1, "security", "bao ve du lieu"},
  {1, "security", "bao mat"},
  {2, "international", "quoc te"},
  {2, "international", "hoi nhap"},
  {2, "international", "nuoc ngoai"},

  {2, "international", "hop tac"},
  {2, "international", "lien ket"},
  {2, "international", "xuc tien dau tu"},
  {2, "international", "hoc tap kinh nghiem"},
  {2, "awareness", "tuyen truyen"},
  {2, "awareness", "quan triet"},
  {2, "awareness", "nhan thuc"},
  {2, "awareness", "tu duy"},
  {2, "awareness", "pho bien"},
  {2, "awareness", "ban chi dao"},
  {2, "awareness", "kien toan"},
  {2, "awareness", "su lanh dao"},
  {2, "awareness", "van ban chi dao"},
  {2, "awareness", "phong trao"},
  {2, "awareness", "thi dua"},
  {2, "awareness", "giam sat danh gia"},
  {2, "institutions", "the che"},
  {2, "institutions", "co che"},
  {2, "institutions", "chinh sach"},
  {2, "institutions", "van ban quy pham"},
  {2, "institutions", "quy dinh"},
  {2, "institutions", "phap luat"},
  {2, "institutions", "phap ly"},
  {2, "institutions", "ngan sach"},
  {2, "institutions", "kinh phi"},
  {2, "institutions", "tai chinh"},
  {2, "institutions", "nguon luc"},
  {2, "infrastructure", "ha tang"},
  {2, "infrastructure", "trung tam du lieu"},
  {2, "infrastructure", "co so du lieu"},
  {2, "infrastructure", "csdl"},
  {2, "infrastructure", "bang rong"},
  {2, "infrastructure", "5g"},
  {2, "infrastructure", "vien thong"},
  {2, "infrastructure", "internet"},
  {2, "infrastructure", "nen tang so"},
  {2, "infrastructure", "cap quang"},
  {2, "infrastructure", "iot"},
  {2, "infrastructure", "co so vat chat"},
  {2, "infrastructure", "trang thiet bi"},
  {2, "human_resources", "nhan luc"},
  {2, "human_resources", "dao tao"},
  {2, "human_resources", "boi duong"},
  {2, "human_resources", "nhan tai"},
  {2, "human_resources", "chuyen gia"},
  {2, "human_resources", "ky nang so"},
  {2, "human_resources", "stem"},
  {2, "human_resources", "giao duc"},
  {2, "human_resources", "tuyen dung"},
  {2, "human_resources", "nha khoa hoc"},
  {2, "human_resources", "nhom nghien cuu"},
  {2, "human_resources", "tiem luc"},
  {2, "digital_government", "chinh quyen so"},
  {2, "digital_government", "chinh phu so"},
  {2, "digital_government", "dich vu cong"},
  {2, "digital_government", "thu tuc hanh chinh"},
  {2, "digital_government", "so hoa"},
  {2, "digital_government", "do thi thong minh"},
  {2, "digital_government", "ioc"},
  {2, "digital_government", "danh tinh so"},
  {2, "digital_government", "chi dao dieu hanh"},
  {2, "digital_government", "co quan nha nuoc"},
  {2, "digital_government", "co quan dang"},
  {2, "digital_government", "de an 06"},
  {2, "digital_government", "ho so"},
  {2, "enterprise_innovation", "doanh nghiep"},
  {2, "enterprise_innovation", "khoi nghiep"},
  {2, "enterprise_innovation", "thuong mai hoa"},
  {2, "enterprise_innovation", "he sinh thai"},
  {2, "enterprise_innovation", "thi truong khoa hoc"},
  {2, "enterprise_innovation", "chuyen giao cong nghe"},
  {2, "enterprise_innovation", "giao dich cong nghe"},
  {2, "enterprise_innovation", "so huu tri tue"},
  {2, "enterprise_innovation", "nhan hieu"},
  {2, "enterprise_innovation", "kinh te so"},
  {2, "enterprise_innovation", "thuong mai dien tu"},
  {2, "enterprise_innovation", "uom tao"},
  {2, "enterprise_innovation", "dau tu mao hiem"},
  {2, "enterprise_innovation", "kinh te xanh"},
  {2, "enterprise_innovation", "chi so doi moi sang tao"},

  {3, "enterprise_innovation", "doi moi sang tao"},
  {3, "enterprise_innovation", "nghien cuu"},
  {3, "enterprise_innovation", "khoa hoc"},
  {3, "enterprise_innovation", "cong nghe"},
  {3, "digital_government", "chuyen doi so"},
  {3, "infrastructure", "du lieu"},
  {3, "awareness", "lanh dao"},
  {3, "awareness", "chi dao"},
};
#define RULE_COUNT (sizeof RULES / sizeof RULES[0])

/* Phrases that contain a rule's words but mean something else: "hợp tác xã"
** is a cooperative (an enterprise), not cooperation. Blanked before matching. */
static const char *const FALSE_FRIENDS[] = {"hop tac xa"};

/* Offset of the whole-word phrase in padded (" words ... "), or -1. */
static long find_phrase(const char *padded, const char *phrase) {
  size_t n = strlen(phrase);
  for (const char *p = padded; (p = strstr(p, phrase)) != NULL; p++) {
    if (p > padded && p[-1] == ' ' && p[n] == ' ') return (long)(p - padded);
  }
  return -1;
}

static const char *classify_key(char *padded) {
  for (size_t i = 0; i < sizeof FALSE_FRIENDS / sizeof FALSE_FRIENDS[0]; i++) {
    long at;
    while ((at = find_phrase(padded, FALSE_FRIENDS[i])) >= 0)
      memset(padded + at, '_', strlen(FALSE_FRIENDS[i]));
  }
  for (int tier = 1; tier <= 3; tier++) {
    const char *best = NULL;
    long best_at = -1;
    for (size_t i = 0; i < RULE_COUNT; i++) {
      if (RULES[i].tier != tier) continue;
      long at = find_phrase(padded, RULES[i].phrase);
      if (at < 0) continue;
      /* Tier 1 topics win wherever they are; the rest by earliest mention. */
      if (tier == 1) return RULES[i].code;
      if (best_at < 0 || at < best_at) {
        best_at = at;
        best = RULES[i].code;
      }
    }
    if (best) return best;
  }
  return NQ_FIELD_OTHER;
}

static const char *classify_text(const char *text) {
  if (!text || !*text) return NQ_FIELD_OTHER;
  char *key = vn_search_key(text);
  size_t n = strlen(key);
  char *padded = nq_xmalloc(n + 3);
  padded[0] = ' ';
  memcpy(padded + 1, key, n);
  padded[n + 1] = ' ';
  padded[n + 2] = '\0';
  free(key);
  const char *code = classify_key(padded);
  free(padded);
  return code;
}

const char *nq_task_field(const char *title, const char *body) {
  const char *code = classify_text(title);
  if (strcmp(code, NQ_FIELD_OTHER) != 0) return code;
  return classify_text(body);
}

const char *nq_field_label(const char *code) {
  if (!code) return NULL;
  for (size_t i = 0; i < FIELD_COUNT; i++)
    if (strcmp(FIELDS[i].code, code) == 0) return FIELDS[i].label;
  return NULL;
}

bool nq_field_valid(const char *code) { return nq_field_label(code) != NULL; }

size_t nq_field_count(void) { return FIELD_COUNT; }

const char *nq_field_code_at(size_t i) { return i < FIELD_COUNT ? FIELDS[i].code : NULL; }
