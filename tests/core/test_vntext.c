/* test_vntext.c: Vietnamese folding, search keys and collation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/vntext.h"

static void expect_str(char *got, const char *want) {
  assert_string_equal(got, want);
  free(got);
}

static void test_fold(void **state) {
  (void)state;
  expect_str(vn_fold("Khoa Học"), "khoa hoc");
  expect_str(vn_fold("ĐẢNG ỦY Ủy ban"), "dang uy uy ban");
  expect_str(vn_fold("Đổi mới sáng tạo"), "doi moi sang tao");
  /* decomposed input folds the same as precomposed */
  expect_str(vn_fold("Ho\xcc\x9b\xcc\x81i"), "hoi");
}

static void test_search_key(void **state) {
  (void)state;
  expect_str(vn_search_key("  Sở KH&CN (An Giang) "), "so kh cn an giang");
  expect_str(vn_search_key("khoa học, công nghệ"), "khoa hoc cong nghe");
}

static void test_nfc(void **state) {
  (void)state;
  expect_str(vn_nfc("Ho\xcc\x9b\xcc\x81i"), "Hới");
  assert_false(vn_valid_utf8("\xff\xfe", 2));
  assert_true(vn_valid_utf8("Hới", strlen("Hới")));
}

static void test_collate(void **state) {
  (void)state;
  /* d < đ < e; a < ă < â; tones order ngang < huyền < hỏi < ngã < sắc < nặng */
  assert_true(vn_collate("Dung", "Đông") < 0);
  assert_true(vn_collate("Đông", "Em") < 0);
  assert_true(vn_collate("an", "ăn") < 0);
  assert_true(vn_collate("ăn", "ân") < 0);
  assert_true(vn_collate("ma", "mà") < 0);
  assert_true(vn_collate("mà", "mả") < 0);
  assert_true(vn_collate("mả", "mã") < 0);
  assert_true(vn_collate("mã", "má") < 0);
  assert_true(vn_collate("má", "mạ") < 0);
  assert_true(vn_collate("mạ", "mac") < 0); /* letters before tones */
  assert_true(vn_collate("Sở Y tế", "Sở Tài chính") > 0);
  assert_int_equal(vn_collate("a", "a"), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_fold),
    cmocka_unit_test(test_search_key),
    cmocka_unit_test(test_nfc),
    cmocka_unit_test(test_collate),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
