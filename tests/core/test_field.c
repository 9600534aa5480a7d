/* test_field.c: task fields guessed from the real tasks of the gold plans. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "core/field.h"

static const char *const GOLD[] = {"000_706b1c236ce94349", "002_0d321ddfd0dbe398",
                                   "003_88546ef2206df04c"};

static json_t *load_gold(const char *name) {
  char path[1024];
  snprintf(path, sizeof path, "%s/data/gold/%s.json", getenv("NQ57_SOURCE_ROOT"), name);
  json_error_t jerr;
  json_t *doc = json_load_file(path, 0, &jerr);
  if (!doc) fail_msg("%s:%d: %s", path, jerr.line, jerr.text);
  return doc;
}

/* The field of the gold task with this code in this plan. */
static const char *gold_field(const char *plan, const char *code) {
  json_t *doc = load_gold(plan);
  json_t *tasks = json_object_get(doc, "tasks"), *t;
  size_t i;
  const char *field = NULL;
  json_array_foreach(tasks, i, t) {
    if (strcmp(json_string_value(json_object_get(t, "code")), code) == 0)
      field = nq_task_field(json_string_value(json_object_get(t, "title")),
                            json_string_value(json_object_get(t, "body")));
  }
  json_decref(doc);
  if (!field) fail_msg("%s has no task %s", plan, code);
  return field;
}

/* The rules must file the great majority of real tasks somewhere: a
** dashboard whose biggest bar is "Khác" tells an official nothing. */
static void test_gold_coverage(void **state) {
  (void)state;
  size_t total = 0, filed = 0, per_field[16] = {0};
  for (size_t g = 0; g < sizeof GOLD / sizeof GOLD[0]; g++) {
    json_t *doc = load_gold(GOLD[g]);
    json_t *tasks = json_object_get(doc, "tasks"), *t;
    size_t i;
    json_array_foreach(tasks, i, t) {
      const char *field = nq_task_field(json_string_value(json_object_get(t, "title")),
                                        json_string_value(json_object_get(t, "body")));
      assert_true(nq_field_valid(field));
      for (size_t k = 0; k < nq_field_count(); k++)
        if (strcmp(nq_field_code_at(k), field) == 0) per_field[k]++;
      total++;
      if (strcmp(field, NQ_FIELD_OTHER) != 0) filed++;
      if (getenv("NQ57_FIELD_DUMP"))
        printf("%-22s %s %s\n", field, GOLD[g], json_string_value(json_object_get(t, "code")));
    }
    json_decref(doc);
  }
  printf("gold tasks: %zu, with a field: %zu (%.1f %%)\n", total, filed, 100.0 * filed / total);
  assert_int_equal(total, 28 + 37 + 43);
  assert_true(filed * 100 >= total * 85);
  /* No single group swallows the plans: each of the seven groups of the
  ** resolution occurs, and none holds more than a third of the tasks. */
  for (size_t k = 0; k < nq_field_count(); k++) {
    if (strcmp(nq_field_code_at(k), NQ_FIELD_OTHER) == 0) continue;
    assert_true(per_field[k] > 0);
    assert_true(per_field[k] * 3 <= total);
  }
}

/* Hand-checked against the plans' own headings. */
static void test_hand_checked(void **state) {
  (void)state;
  const char *p000 = GOLD[0], *p002 = GOLD[1], *p003 = GOLD[2];
  assert_string_equal(gold_field(p000, "III.2.1"), "awareness");
  assert_string_equal(gold_field(p000, "III.3.1"), "institutions");
  assert_string_equal(gold_field(p000, "III.4.2"), "infrastructure");
  assert_string_equal(gold_field(p000, "III.5.2"), "human_resources");
  assert_string_equal(gold_field(p000, "III.7.2"), "digital_government");
  assert_string_equal(gold_field(p000, "III.6.2"), "enterprise_innovation");
  assert_string_equal(gold_field(p000, "III.8.1"), "security");
  assert_string_equal(gold_field(p000, "III.9.2"), "international");
  assert_string_equal(gold_field(p002, "1"), "awareness");
  assert_string_equal(gold_field(p002, "2.1"), "institutions");
  assert_string_equal(gold_field(p002, "3.4"), "infrastructure");
  assert_string_equal(gold_field(p002, "4.3"), "human_resources");
  assert_string_equal(gold_field(p002, "5.4"), "digital_government");
  /* "hợp tác xã" is a cooperative, not cooperation. */
  assert_string_equal(gold_field(p002, "6.1"), "enterprise_innovation");
  assert_string_equal(gold_field(p002, "7.3"), "international");
  assert_string_equal(gold_field(p003, "II.1.c"), "awareness");
  assert_string_equal(gold_field(p003, "II.4.a.1"), "enterprise_innovation");
  assert_string_equal(gold_field(p003, "II.6.b.3"), "international");
}

static void test_text_rules(void **state) {
  (void)state;
  /* Accent-insensitive: OCR'd seeds (000, 001, 004) lost their diacritics. */
  assert_string_equal(nq_task_field("To chuc tuyen truyen, pho bien Nghi quyet", NULL), "awareness");
  assert_string_equal(nq_task_field("TĂNG CƯỜNG AN NINH MẠNG", NULL), "security");
  /* The earliest specific phrase wins over the refrain at the end. */
  assert_string_equal(nq_task_field("Đào tạo nhân lực về khoa học, công nghệ, đổi mới sáng tạo",
                                    NULL), "human_resources");
  /* Whole words only: "mạng" is not "mạnh", "iot" is not inside "patriot". */
  assert_string_equal(nq_task_field("Patriotism", NULL), NQ_FIELD_OTHER);
  /* The body decides only when the title is silent. */
  assert_string_equal(nq_task_field("Nhiệm vụ khác", "Xây dựng trung tâm dữ liệu tỉnh"),
                      "infrastructure");
  assert_string_equal(nq_task_field("Phổ biến kiến thức", "Xây dựng trung tâm dữ liệu"),
                      "awareness");
  assert_string_equal(nq_task_field(NULL, NULL), NQ_FIELD_OTHER);
  assert_string_equal(nq_task_field("", ""), NQ_FIELD_OTHER);
}

static void test_labels(void **state) {
  (void)state;
  assert_int_equal(nq_field_count(), 9);
  assert_string_equal(nq_field_code_at(nq_field_count() - 1), NQ_FIELD_OTHER);
  assert_null(nq_field_code_at(nq_field_count()));
  for (size_t k = 0; k < nq_field_count(); k++)
    assert_non_null(nq_field_label(nq_field_code_at(k)));
  assert_string_equal(nq_field_label("security"), "An ninh mạng, an toàn thông tin");
  assert_string_equal(nq_field_label("other"), "Khác");
  assert_false(nq_field_valid("Security"));
  assert_false(nq_field_valid(""));
  assert_false(nq_field_valid(NULL));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_gold_coverage),
    cmocka_unit_test(test_hand_checked),
    cmocka_unit_test(test_text_rules),
    cmocka_unit_test(test_labels),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
