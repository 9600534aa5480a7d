/* test_robust.c: every line and every two-line window of the five seed
** plans (OCR noise included) goes through every core parser; results must
** keep the invariants callers rely on, under ASan and UBSan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/attain.h"
#include "core/period.h"
#include "core/schedule.h"

static void check_phrase(const char *s, size_t *dated) {
  nq_schedule sc = nq_schedule_parse(s);
  switch (sc.kind) {
  case NQ_SCHED_ONCE:
    assert_true(nq_date_valid(sc.due.y, sc.due.m, sc.due.d));
    assert_true(nq_date_is_none(sc.start));
    (*dated)++;
    break;
  case NQ_SCHED_RANGE:
    assert_true(nq_date_valid(sc.start.y, sc.start.m, sc.start.d));
    assert_true(nq_date_cmp(sc.start, sc.due) <= 0);
    (*dated)++;
    break;
  case NQ_SCHED_RECURRING:
    assert_int_not_equal(sc.every, NQ_FREQ_NONE);
    break;
  default:
    assert_true(nq_date_is_none(sc.start) && nq_date_is_none(sc.due));
    assert_int_equal(sc.every, NQ_FREQ_NONE);
  }
  nq_regime_item items[NQ_PERIOD_KINDS];
  size_t n = nq_regime_parse(s, items, NQ_PERIOD_KINDS);
  assert_true(n <= NQ_PERIOD_KINDS);
  for (size_t i = 0; i < n; i++) {
    assert_true(i == 0 || items[i].period > items[i - 1].period);
    assert_true(nq_period_due_valid(items[i].due));
  }
  nq_target t = nq_target_parse(s);
  nq_eval e = nq_target_eval(&t, s, 0.5);
  assert_true((e.attained == NQ_ATTAIN_NOT_EVALUABLE) == (e.light == NQ_LIGHT_NONE));
  nq_date d;
  if (nq_date_parse(s, &d, NULL) == NQ_OK) assert_true(nq_date_valid(d.y, d.m, d.d));
}

static void test_seed_lines(void **state) {
  (void)state;
  static const char *const seeds[] = {"000_706b1c236ce94349", "001_b480c6de519bf2d9",
                                      "002_0d321ddfd0dbe398", "003_88546ef2206df04c",
                                      "004_f53984c10ee280ef"};
  size_t lines = 0, dated = 0;
  for (size_t k = 0; k < 5; k++) {
    char path[1024];
    snprintf(path, sizeof path, "%s/data/seeds/%s.txt", getenv("NQ57_SOURCE_ROOT"), seeds[k]);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char prev[4096] = "", line[4096], window[8192];
    while (fgets(line, sizeof line, f)) {
      check_phrase(line, &dated);
      snprintf(window, sizeof window, "%s%s", prev, line);
      check_phrase(window, &dated);
      memcpy(prev, line, sizeof prev);
      lines++;
    }
    fclose(f);
  }
  print_message("seed lines: %zu, dated phrases: %zu\n", lines, dated);
  assert_true(lines > 2000);
  assert_true(dated > 50);     /* the parser does find dates in real text */
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_seed_lines)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
