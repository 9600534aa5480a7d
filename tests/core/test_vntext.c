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


/* Phrases of the seed plans: the OCR text (000, 004) must meet the clean
** text of the gold answers on the same search key. */
static void test_seed_phrases(void **state) {
  (void)state;
  expect_str(vn_fold("Trong tháng 7/2025 (nội dung đã hoàn thành)"),
             "trong thang 7/2025 (noi dung da hoan thanh)");
  expect_str(vn_search_key("Đảng ủy Sở Khoa học và Công nghệ"), "dang uy so khoa hoc va cong nghe");
  expect_str(vn_search_key("Dang uy So Khoa hoc va Cong nghe"), "dang uy so khoa hoc va cong nghe");
  expect_str(vn_search_key("Văn phòng UBND tỉnh;"), "van phong ubnd tinh");
  expect_str(vn_search_key("Thường xuyên, hằng năm."), "thuong xuyen hang nam");
  expect_str(vn_search_key("15-KH/ĐU"), "15 kh du");
  /* legacy-encoding eth for Đ */
  expect_str(vn_fold("\xc3\x90\xe1\xba\xa3ng \xe1\xbb\xa7y"), "dang uy");
  char *a = vn_sort_key("\xc3\x90\xe1\xba\xa3ng"), *b = vn_sort_key("Đảng");
  assert_string_equal(a, b);
  free(a);
  free(b);
  char s[] = "  Cơ quan \t chủ trì:\n Sở Nội vụ  ";
  vn_squeeze_space(s);
  assert_string_equal(s, "Cơ quan chủ trì: Sở Nội vụ");
}

static int cmp_collate(const void *a, const void *b) {
  return vn_collate(*(const char *const *)a, *(const char *const *)b);
}

/* Agency names of data/agencies.md (and "Dân số", to put d before đ),
** shuffled, must come out in the order
** of a Vietnamese index: đ after d, ư after u, space before punctuation. */
static void test_collate_agencies(void **state) {
  (void)state;
  static const char *const sorted[] = {
    "Ban Chỉ đạo tỉnh", "Ban Nội chính Tỉnh ủy", "Ban Thường vụ Tỉnh ủy", "Ban Tổ chức Tỉnh ủy",
    "Ban Tuyên giáo Tỉnh ủy", "Báo Nghệ An", "Công an tỉnh", "Dân số", "Đài Phát thanh và Truyền hình tỉnh",
    "Đảng ủy Sở Nội vụ", "Đảng ủy Ủy ban nhân dân tỉnh", "Hội đồng nhân dân tỉnh", "Sở Công Thương",
    "Sở Khoa học và Công nghệ", "Sở Nội vụ", "Sở Tài chính", "Sở Tư pháp", "Sở Văn hóa và Thể thao",
    "Sở Văn hóa, Thể thao và Du lịch", "Sở Y tế", "Thanh tra tỉnh", "Trường Đại học Vinh",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Ủy ban nhân dân tỉnh", "Văn phòng Tỉnh ủy"};
  enum { N = sizeof sorted / sizeof *sorted };
  const char *list[N];
  for (size_t i = 0; i < N; i++) list[i] = sorted[(i * 7 + 3) % N];   /* 7 is prime to N */
  qsort(list, N, sizeof *list, cmp_collate);
  for (size_t i = 0; i < N; i++) assert_string_equal(list[i], sorted[i]);
}

static void test_nfd_input(void **state) {
  (void)state;
  /* "Sở Nội vụ" decomposed: o + U+031B + U+0309, o + U+0302 + U+0323, u + U+0323 */
  const char *nfd = "So\xcc\x9b\xcc\x89 No\xcc\x82\xcc\xa3i vu\xcc\xa3";
  expect_str(vn_nfc(nfd), "Sở Nội vụ");
  expect_str(vn_search_key(nfd), "so noi vu");
  char *a = vn_sort_key(nfd), *b = vn_sort_key("Sở Nội vụ");
  assert_string_equal(a, b);
  free(a);
  free(b);
  assert_true(vn_collate(nfd, "Sở Tài chính") < 0);
}

static void test_invalid_utf8(void **state) {
  (void)state;
  assert_false(vn_valid_utf8("\xc0\xaf", 2));          /* overlong "/" */
  assert_false(vn_valid_utf8("S\xe1\xbb", 3));         /* truncated "ở" */
  assert_false(vn_valid_utf8("\xed\xa0\x80", 3));      /* UTF-16 surrogate */
  assert_false(vn_valid_utf8("a\0b", 3));              /* embedded NUL */
  assert_true(vn_valid_utf8("", 0));
  /* bad bytes become U+FFFD, never pass through */
  expect_str(vn_fold("S\xffo"), "s\xef\xbf\xbdo");
  expect_str(vn_nfc("S\xe1\xbb"), "S\xef\xbf\xbd\xef\xbf\xbd");
  expect_str(vn_search_key("Sở\xff Nội vụ"), "so noi vu");
  assert_true(vn_collate("\xff", "a") > 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_fold),
    cmocka_unit_test(test_search_key),
    cmocka_unit_test(test_nfc),
    cmocka_unit_test(test_collate),
    cmocka_unit_test(test_seed_phrases),
    cmocka_unit_test(test_collate_agencies),
    cmocka_unit_test(test_nfd_input),
    cmocka_unit_test(test_invalid_utf8),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
