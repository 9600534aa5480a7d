/*
** gen.c: the benchmark data generator. It fills a database that nq57 has
** already created (so the schema is the real one, from the store's
** migrations) with a synthetic but plausible cascade of Resolution 57 action
** plans, at one of two scales:
**
**   province  one province: a chain of 8 plans (~300 tasks), ~50 indicators,
**             ~40 agencies and ~100 communes, a year of monthly updates;
**   national  34 provinces, ~3,300 communes, ~30 central bodies; ~500,000
**             tasks cascaded central -> province -> ward through
**             parent_task_id, ~5 million progress updates and ~200,000
**             indicator values.
**
** It writes directly with prepared statements in a few large transactions,
** and keeps the columns the store derives itself consistent with what the
** store would have written: units.name_key/sort_key, unit_aliases.alias_key,
** tasks.search_key (vn_search_key of code + title, as the schema says),
** tasks.percent/last_update_at/done/done_date (from the last update), and
** task_fts (through the schema's own triggers).
**
** Output is deterministic for a given --seed. Any SQLite error stops the
** program with the statement and message: it means the schema moved and this
** file must follow it, and a half-filled benchmark database is worthless.
*/
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/vntext.h"
#include "util/buf.h"

/* ---- scale ----------------------------------------------------------------- */

typedef struct scale {
  const char *name;
  int first_province;       /* index in provinces[] of the first one generated */
  int provinces;            /* how many, from there */
  int communes_per_province;
  int agencies_per_province;/* how many of province_agencies[] each province has */
  bool central;             /* central plans and ministries */
  int ward_plans;           /* communes per province that have their own plan (-1 = all) */
  int ward_tasks_min, ward_tasks_max;
  int ward_indicators;
} scale;

static const scale scales[] = {
  {"province", 8, 1, 100, 40, false, 2, 38, 42, 5},   /* Nghệ An, as seed 001 */
  {"national", 0, 34, 98, 20, true, -1, 100, 196, 5},
};

/* The reporting year: monthly updates for the 12 months ending in
** last_month, dated around the 20th as plans require. */
enum { UPDATE_MONTHS = 12 };

/* ---- deterministic randomness ---------------------------------------------- */

typedef struct rng { uint64_t s; } rng;

static uint64_t rng_next(rng *r) {  /* splitmix64 */
  uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
static int rng_int(rng *r, int lo, int hi) { /* inclusive */
  return lo + (int)(rng_next(r) % (uint64_t)(hi - lo + 1));
}
static bool rng_chance(rng *r, int percent) { return rng_int(r, 1, 100) <= percent; }
#define PICK(r, arr) (arr[rng_int((r), 0, (int)(sizeof arr / sizeof arr[0]) - 1)])

/* ---- dates ------------------------------------------------------------------ */

/* Days since 1970-01-01 <-> civil date (Howard Hinnant's algorithms). */
static int days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}
static void civil_from_days(int z, int *y, int *m, int *d) {
  z += 719468;
  int era = (z >= 0 ? z : z - 146096) / 146097;
  int doe = z - era * 146097;
  int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp + (mp < 10 ? 3 : -9);
  *y = yoe + era * 400 + (*m <= 2);
}
static int month_last_day(int y, int m) {
  return days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
}
static void fmt_date(char out[11], int day) {
  int y, m, d;
  civil_from_days(day, &y, &m, &d);
  snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* ---- names ------------------------------------------------------------------ */

/* The 34 provincial-level units after the 2025 merger; cities are "thành phố". */
static const struct { const char *name; bool city; } provinces[] = {
  {"Hà Nội", true}, {"Huế", true}, {"Lai Châu", false}, {"Điện Biên", false},
  {"Sơn La", false}, {"Lạng Sơn", false}, {"Quảng Ninh", false}, {"Thanh Hóa", false},
  {"Nghệ An", false}, {"Hà Tĩnh", false}, {"Cao Bằng", false}, {"Tuyên Quang", false},
  {"Lào Cai", false}, {"Thái Nguyên", false}, {"Phú Thọ", false}, {"Bắc Ninh", false},
  {"Hưng Yên", false}, {"Hải Phòng", true}, {"Ninh Bình", false}, {"Quảng Trị", false},
  {"Đà Nẵng", true}, {"Quảng Ngãi", false}, {"Gia Lai", false}, {"Khánh Hòa", false},
  {"Lâm Đồng", false}, {"Đắk Lắk", false}, {"Hồ Chí Minh", true}, {"Đồng Nai", false},
  {"Tây Ninh", false}, {"Cần Thơ", true}, {"Vĩnh Long", false}, {"Đồng Tháp", false},
  {"Cà Mau", false}, {"An Giang", false},
};

/* Central bodies that lead tasks of the Government's plans. */
static const char *const central_bodies[] = {
  "Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
  "Chính phủ", "Văn phòng Chính phủ", "Bộ Khoa học và Công nghệ", "Bộ Công an",
  "Bộ Quốc phòng", "Bộ Ngoại giao", "Bộ Nội vụ", "Bộ Tư pháp", "Bộ Tài chính",
  "Bộ Công Thương", "Bộ Nông nghiệp và Môi trường", "Bộ Xây dựng",
  "Bộ Văn hóa, Thể thao và Du lịch", "Bộ Giáo dục và Đào tạo", "Bộ Y tế",
  "Bộ Dân tộc và Tôn giáo", "Ngân hàng Nhà nước Việt Nam", "Thanh tra Chính phủ",
  "Viện Hàn lâm Khoa học và Công nghệ Việt Nam", "Viện Hàn lâm Khoa học xã hội Việt Nam",
  "Đại học Quốc gia Hà Nội", "Đại học Quốc gia Thành phố Hồ Chí Minh",
  "Đài Truyền hình Việt Nam", "Đài Tiếng nói Việt Nam", "Thông tấn xã Việt Nam",
  "Kiểm toán nhà nước", "Tòa án nhân dân tối cao", "Viện kiểm sát nhân dân tối cao",
  "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
};

/* Provincial agencies (data/agencies.md), "%s" = "tỉnh X" / "thành phố X".
** The first ones are the busiest, so a province with fewer agencies keeps them. */
static const struct { const char *name, *alias; const char *kind; } province_agencies[] = {
  {"Sở Khoa học và Công nghệ %s", "Sở KH&CN %s", "state"},
  {"Ủy ban nhân dân %s", "UBND %s", "state"},
  {"Văn phòng Ủy ban nhân dân %s", "VP.UBND %s", "state"},
  {"Sở Nội vụ %s", NULL, "state"},
  {"Sở Tài chính %s", NULL, "state"},
  {"Công an %s", NULL, "state"},
  {"Sở Giáo dục và Đào tạo %s", "Sở GD&ĐT %s", "state"},
  {"Sở Y tế %s", NULL, "state"},
  {"Sở Công Thương %s", NULL, "state"},
  {"Sở Nông nghiệp và Môi trường %s", NULL, "state"},
  {"Sở Tư pháp %s", NULL, "state"},
  {"Sở Văn hóa, Thể thao và Du lịch %s", NULL, "state"},
  {"Sở Xây dựng %s", NULL, "state"},
  {"Tỉnh ủy %s", "TU %s", "party"},
  {"Ban Thường vụ Tỉnh ủy %s", "BTV Tỉnh ủy %s", "party"},
  {"Văn phòng Tỉnh ủy %s", "VPTU %s", "party"},
  {"Ban Tổ chức Tỉnh ủy %s", NULL, "party"},
  {"Ban Tuyên giáo và Dân vận Tỉnh ủy %s", NULL, "party"},
  {"Đảng ủy Ủy ban nhân dân %s", "Đảng ủy UBND %s", "party"},
  {"Ủy ban Mặt trận Tổ quốc Việt Nam %s", "MTTQ %s", "state"},
  {"Thanh tra %s", NULL, "state"},
  {"Sở Ngoại vụ %s", NULL, "state"},
  {"Hội đồng nhân dân %s", "HĐND %s", "state"},
  {"Ủy ban Kiểm tra Tỉnh ủy %s", "UBKT Tỉnh ủy %s", "party"},
  {"Ban Nội chính Tỉnh ủy %s", NULL, "party"},
  {"Đảng ủy các cơ quan Đảng %s", NULL, "party"},
  {"Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số %s",
   "Ban Chỉ đạo %s", "party"},
  {"Hội đồng tư vấn %s", NULL, "state"},
  {"Đảng ủy Sở Khoa học và Công nghệ %s", NULL, "party"},
  {"Đảng ủy Công an %s", NULL, "party"},
  {"Đảng ủy Sở Nội vụ %s", NULL, "party"},
  {"Ban Quản lý các khu công nghiệp %s", NULL, "state"},
  {"Liên hiệp các Hội khoa học và kỹ thuật %s", NULL, "state"},
  {"Đài Phát thanh và Truyền hình %s", "Đài PTTH %s", "state"},
  {"Báo %s", NULL, "state"},
  {"Trung tâm Phục vụ hành chính công %s", NULL, "state"},
  {"Trung tâm Công nghệ thông tin và Truyền thông %s", NULL, "state"},
  {"Trung tâm Ứng dụng tiến bộ khoa học và công nghệ %s", NULL, "state"},
  {"Bộ Chỉ huy Quân sự %s", NULL, "state"},
  {"Bảo hiểm xã hội %s", NULL, "state"},
};
enum { N_PROVINCE_AGENCIES = sizeof province_agencies / sizeof province_agencies[0] };
enum { AG_KHCN = 0, AG_UBND = 1, AG_NOIVU = 3, AG_CONGAN = 5, AG_TINHUY = 13, AG_DANGUY_UBND = 18 };

/* Syllables of commune names; two of them make a name, unique across the
** country (the generator enumerates distinct pairs). */
static const char *const syllables[] = {
  "An", "Bình", "Tân", "Phú", "Hòa", "Thạnh", "Long", "Phước", "Mỹ", "Thuận",
  "Vĩnh", "Đông", "Tây", "Nam", "Bắc", "Trung", "Hưng", "Thịnh", "Lộc", "Xuân",
  "Hải", "Sơn", "Thành", "Quang", "Minh", "Đức", "Hiệp", "Lợi", "Khánh", "Hậu",
  "Nghĩa", "Cẩm", "Kim", "Ngọc", "Đại", "Lâm", "Tiến", "Phong", "Hồng", "Châu",
  "Gia", "Thái", "Yên", "Lạc", "Quý", "Trường", "Hà", "Định", "Cát", "Tường",
  "Điền", "Mai", "Thọ", "Khê", "Linh", "Hạnh", "Vân", "Đồng", "Tuy", "Ninh",
};
enum { N_SYLLABLES = sizeof syllables / sizeof syllables[0] };

/* Real task titles from the seed plans (data/gold), then a generator of
** plausible ones: verb + object + scope. */
static const char *const real_titles[] = {
  "Đơn giản hóa thủ tục hành chính, tạo thuận lợi tối đa cho người dân, doanh nghiệp, viện, trường",
  "Bố trí đủ nguồn lực (nhân lực, vật lực, tài lực) để triển khai các nội dung, nhiệm vụ đề ra tại Kế hoạch hành động",
  "Xây dựng, đầu tư hạ tầng công nghệ số hiện đại, an toàn và đồng bộ, đáp ứng yêu cầu phát triển kinh tế - xã hội và chuyển đổi số",
  "Chiến lược bồi dưỡng kỹ năng số cho cán bộ, công chức, viên chức",
  "Triển khai Chương trình, Đề án chuyển đổi số của tỉnh và Đề án chuyển đổi số trong các cơ quan đảng",
  "Chiến lược xây dựng chính quyền số, hình thành đô thị thông minh",
  "Thực hiện nghiêm các quy định về an toàn thông tin mạng, an ninh mạng, bảo vệ dữ liệu cá nhân",
  "Hợp tác với địa phương lân cận, vùng kinh tế, doanh nghiệp, nhà khoa học",
  "Xây dựng kế hoạch để mỗi người dân có danh tính số, phương tiện số, kỹ năng số và tài khoản số, hình thành công dân số",
  "Công bố danh mục các bài toán lớn về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số để doanh nghiệp công nghệ số tham gia giải quyết",
  "Triển khai các nhiệm vụ khoa học và công nghệ gắn với chuyển đổi số, kinh tế tuần hoàn, kinh tế xanh",
};
static const char *const title_verbs[] = {
  "Xây dựng", "Triển khai", "Hoàn thiện", "Tổ chức", "Đẩy mạnh", "Rà soát, đánh giá",
  "Nâng cấp", "Số hóa", "Phát triển", "Đào tạo, bồi dưỡng về", "Tuyên truyền, phổ biến về",
  "Ban hành", "Kiện toàn", "Thí điểm", "Đầu tư", "Vận hành",
};
static const char *const title_objects[] = {
  "hệ thống thông tin giải quyết thủ tục hành chính", "cơ sở dữ liệu đất đai",
  "hạ tầng mạng di động 5G", "nền tảng tích hợp, chia sẻ dữ liệu", "trung tâm điều hành thông minh",
  "chính quyền số", "kỹ năng số cho người dân", "dịch vụ công trực tuyến toàn trình",
  "hồ sơ sức khỏe điện tử", "học bạ số", "cơ sở dữ liệu dân cư", "kho dữ liệu dùng chung",
  "hệ sinh thái khởi nghiệp đổi mới sáng tạo", "chữ ký số cho cán bộ, công chức",
  "thanh toán không dùng tiền mặt", "camera giám sát an ninh trật tự",
  "hệ thống quản lý văn bản và điều hành", "cơ chế đặt hàng nhiệm vụ khoa học và công nghệ",
  "quy chế bảo đảm an toàn thông tin mạng", "nhân lực công nghệ thông tin",
  "sàn giao dịch công nghệ", "bản đồ số", "hợp tác với doanh nghiệp công nghệ số",
  "đề án phát triển kinh tế số", "cơ sở dữ liệu chuyên ngành",
};
static const char *const title_scopes[] = {
  "trên địa bàn", "năm 2025", "giai đoạn 2025 - 2030", "theo hướng dẫn của cấp trên",
  "tại các cơ quan, đơn vị", "bảo đảm kết nối liên thông", "đến năm 2030",
  "phục vụ người dân, doanh nghiệp",
};

static const char *const results_text[] = {
  "Đã ban hành văn bản hướng dẫn triển khai.", "Đã hoàn thành khảo sát hiện trạng.",
  "Đang xây dựng dự thảo, lấy ý kiến các đơn vị.", "Đã tổ chức hội nghị triển khai.",
  "Đã bố trí kinh phí, đang lựa chọn nhà thầu.", "Đã đưa vào vận hành thử nghiệm.",
  "Đã tập huấn cho cán bộ, công chức.", "Đã số hóa phần lớn hồ sơ.",
  "Đã ký kết thỏa thuận hợp tác.", "Đang triển khai theo kế hoạch.",
};
static const char *const difficulties_text[] = {
  "Kinh phí chưa được bố trí kịp thời.", "Thiếu nhân lực chuyên trách về công nghệ thông tin.",
  "Hạ tầng mạng chưa đồng bộ.", "Chưa có hướng dẫn của cơ quan cấp trên.",
  "Dữ liệu chưa được làm sạch, chuẩn hóa.", "Thủ tục đầu tư kéo dài.",
};
static const char *const proposals_text[] = {
  "Đề nghị bổ sung kinh phí thực hiện.", "Đề nghị cấp trên sớm ban hành hướng dẫn.",
  "Đề nghị tăng cường tập huấn.", "Đề nghị gia hạn thời gian thực hiện.",
};
static const struct { const char *name, *measure; double start, target; } indicator_kinds[] = {
  {"Tỷ lệ dịch vụ công trực tuyến toàn trình", "%", 40, 80},
  {"Tỷ lệ hồ sơ giải quyết thủ tục hành chính được số hóa", "%", 50, 100},
  {"Tỷ lệ phủ sóng 5G trên địa bàn", "%", 20, 100},
  {"Tỷ lệ người dân trưởng thành có danh tính số", "%", 60, 95},
  {"Số doanh nghiệp công nghệ số", "doanh nghiệp", 50, 200},
  {"Tỷ lệ cán bộ, công chức được bồi dưỡng kỹ năng số", "%", 30, 100},
  {"Tỷ trọng kinh tế số trong GRDP", "%", 8, 20},
  {"Tỷ lệ chi ngân sách cho khoa học, công nghệ", "%", 1, 3},
  {"Số nhiệm vụ khoa học và công nghệ được đặt hàng", "nhiệm vụ", 5, 40},
  {"Tỷ lệ hộ gia đình có kết nối Internet cáp quang", "%", 70, 100},
};
static const char *const indicator_groups[] = {
  "Phát triển hạ tầng", "Chính quyền số", "Kinh tế số", "Xã hội số", "Khoa học, công nghệ",
};

/* Statuses a unit reports with an update (the store derives "overdue",
** "done late" and the like from these plus the due date). */
static const char *const STATUS_IN_PROGRESS = "in_progress";
static const char *const STATUS_DONE = "done";

/* ---- database helpers -------------------------------------------------------- */

static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("gen: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(1);
}

static void db_exec(sqlite3 *db, const char *sql) {
  char *msg = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) die("%s: %s", sql, msg);
}

static sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
    die("%s: %s", sql, sqlite3_errmsg(db));
  return st;
}

/* Run a bound INSERT, then clear it for the next row. */
static void db_insert(sqlite3_stmt *st) {
  if (sqlite3_step(st) != SQLITE_DONE)
    die("%s: %s", sqlite3_sql(st), sqlite3_errmsg(sqlite3_db_handle(st)));
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s) {
  if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
  else sqlite3_bind_null(st, i);
}

static int64_t db_max_id(sqlite3 *db, const char *table) {
  char sql[128];
  snprintf(sql, sizeof sql, "SELECT coalesce(max(id), 0) FROM %s", table);
  sqlite3_stmt *st = db_prepare(db, sql);
  if (sqlite3_step(st) != SQLITE_ROW) die("%s: %s", sql, sqlite3_errmsg(db));
  int64_t v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

/* ---- the generator ------------------------------------------------------------ */

typedef struct gen {
  sqlite3 *db;
  const scale *sc;
  rng r;
  char now[32];          /* created_at of everything: "YYYY-MM-DDTHH:MM:SSZ" */
  int first_month_day;   /* day number of the first day of the first update month */
  int64_t next_unit, next_plan, next_task, next_update, next_indicator, next_value;
  int64_t rows;          /* rows inserted, for the rate */
  sqlite3_stmt *ins_unit, *ins_alias, *ins_plan, *ins_link, *ins_task, *ins_task_unit,
      *ins_duty, *ins_indicator, *ins_target, *ins_regime, *ins_update, *ins_value,
      *ins_report;
} gen;

static void prepare_all(gen *g) {
  sqlite3 *db = g->db;
  g->ins_unit = db_prepare(db,
      "INSERT INTO units(id, parent_id, kind, level, name, name_key, sort_key, status, created_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'active', ?8)");
  g->ins_alias = db_prepare(db,
      "INSERT INTO unit_aliases(unit_id, alias, alias_key) VALUES (?1, ?2, ?3)");
  g->ins_plan = db_prepare(db,
      "INSERT INTO plans(id, kind, number, issuer, issuer_unit_id, place, date, title, source,"
      " status, version, created_at, updated_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'bench/gen', 'published', 1, ?9, ?9)");
  g->ins_link = db_prepare(db,
      "INSERT INTO plan_links(plan_id, relation, ordinal, doc_number, target_plan_id)"
      " VALUES (?1, ?2, ?3, ?4, ?5)");
  g->ins_task = db_prepare(db,
      "INSERT INTO tasks(id, plan_id, code, ordinal, title, timeline, schedule_kind, start_date,"
      " due_date, done, done_date, parent_task_id, percent, last_update_at, version, search_key,"
      " created_at, updated_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 1, ?15, ?16, ?17)");
  g->ins_task_unit = db_prepare(db,
      "INSERT INTO task_units(task_id, unit_id, role, ordinal) VALUES (?1, ?2, ?3, ?4)");
  g->ins_duty = db_prepare(db,
      "INSERT INTO duties(plan_id, ordinal, unit_id, text) VALUES (?1, ?2, ?3, ?4)");
  g->ins_indicator = db_prepare(db,
      "INSERT INTO indicators(id, plan_id, ordinal, code, group_name, name, measure, direction,"
      " aggregation) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'up', ?8)");
  g->ins_target = db_prepare(db,
      "INSERT INTO indicator_targets(indicator_id, year, target) VALUES (?1, ?2, ?3)");
  g->ins_regime = db_prepare(db,
      "INSERT INTO reporting_regimes(plan_id, ordinal, period, due) VALUES (?1, ?2, ?3, ?4)");
  g->ins_update = db_prepare(db,
      "INSERT INTO progress_updates(id, task_id, unit_id, at, period, status, percent, results,"
      " difficulties, proposals) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  g->ins_value = db_prepare(db,
      "INSERT INTO indicator_values(id, indicator_id, unit_id, year, period, value, source, at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'báo cáo định kỳ', ?7)");
  g->ins_report = db_prepare(db,
      "INSERT INTO unit_reports(plan_id, unit_id, period_kind, period_start, period_end, due_date,"
      " state, created_at, updated_at, submitted_at, accepted_at)"
      " VALUES (?1, ?2, 'month', ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)");
}

static void finalize_all(gen *g) {
  sqlite3_stmt *all[] = {g->ins_unit, g->ins_alias, g->ins_plan, g->ins_link, g->ins_task,
                         g->ins_task_unit, g->ins_duty, g->ins_indicator, g->ins_target,
                         g->ins_regime, g->ins_update, g->ins_value, g->ins_report};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) sqlite3_finalize(all[i]);
}

static int64_t add_unit(gen *g, int64_t parent, const char *kind, const char *level,
                        const char *name, const char *alias) {
  int64_t id = ++g->next_unit;
  char *key = vn_search_key(name), *sort = vn_sort_key(name);
  sqlite3_bind_int64(g->ins_unit, 1, id);
  if (parent) sqlite3_bind_int64(g->ins_unit, 2, parent);
  bind_text(g->ins_unit, 3, kind);
  bind_text(g->ins_unit, 4, level);
  bind_text(g->ins_unit, 5, name);
  bind_text(g->ins_unit, 6, key);
  sqlite3_bind_blob(g->ins_unit, 7, sort, (int)strlen(sort), SQLITE_TRANSIENT);
  bind_text(g->ins_unit, 8, g->now);
  db_insert(g->ins_unit);
  g->rows++;
  free(key);
  free(sort);
  if (alias) {
    char *akey = vn_search_key(alias);
    sqlite3_bind_int64(g->ins_alias, 1, id);
    bind_text(g->ins_alias, 2, alias);
    bind_text(g->ins_alias, 3, akey);
    db_insert(g->ins_alias);
    g->rows++;
    free(akey);
  }
  return id;
}

/* A plan with its links, reporting regime and a few standing duties. */
static int64_t add_plan(gen *g, const char *kind, const char *number, int64_t issuer_unit,
                        const char *issuer, const char *place, const char *date,
                        const char *title, const char *implements_number,
                        int64_t implements_plan, const int64_t *duty_units, int n_duty_units) {
  int64_t id = ++g->next_plan;
  sqlite3_stmt *st = g->ins_plan;
  sqlite3_bind_int64(st, 1, id);
  bind_text(st, 2, kind);
  bind_text(st, 3, number);
  bind_text(st, 4, issuer);
  sqlite3_bind_int64(st, 5, issuer_unit);
  bind_text(st, 6, place);
  bind_text(st, 7, date);
  bind_text(st, 8, title);
  bind_text(st, 9, g->now);
  db_insert(st);
  g->rows++;

  int ord = 0;
  const char *links[] = {implements_number, "57-NQ/TW"};
  for (int i = 0; i < 2; i++) {
    if (!links[i] || (i == 1 && links[0] && !strcmp(links[0], "57-NQ/TW"))) continue;
    sqlite3_bind_int64(g->ins_link, 1, id);
    bind_text(g->ins_link, 2, "implements");
    sqlite3_bind_int(g->ins_link, 3, ord++);
    bind_text(g->ins_link, 4, links[i]);
    if (i == 0 && implements_plan) sqlite3_bind_int64(g->ins_link, 5, implements_plan);
    db_insert(g->ins_link);
    g->rows++;
  }
  static const char *const regime[][2] = {
    {"month", "day 20"}, {"quarter", "day 10 of last month"}, {"half", "06-10"}, {"year", "11-30"}};
  for (int i = 0; i < 4; i++) {
    sqlite3_bind_int64(g->ins_regime, 1, id);
    sqlite3_bind_int(g->ins_regime, 2, i);
    bind_text(g->ins_regime, 3, regime[i][0]);
    bind_text(g->ins_regime, 4, regime[i][1]);
    db_insert(g->ins_regime);
    g->rows++;
  }
  static const char *const duty_text[] = {
    "Chủ trì, phối hợp với các cơ quan, đơn vị theo dõi, đôn đốc, kiểm tra việc thực hiện Kế hoạch; "
    "tổng hợp, báo cáo kết quả định kỳ.",
    "Tham mưu bố trí kinh phí thực hiện các nhiệm vụ của Kế hoạch.",
    "Căn cứ chức năng, nhiệm vụ, cụ thể hóa Kế hoạch thành chương trình công tác hằng năm.",
  };
  for (int i = 0; i < n_duty_units && i < 3; i++) {
    sqlite3_bind_int64(g->ins_duty, 1, id);
    sqlite3_bind_int(g->ins_duty, 2, i);
    sqlite3_bind_int64(g->ins_duty, 3, duty_units[i]);
    bind_text(g->ins_duty, 4, duty_text[i]);
    db_insert(g->ins_duty);
    g->rows++;
  }
  return id;
}

static const char *roman(int i) {
  static const char *const r[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
                                  "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII",
                                  "XIX", "XX"};
  return r[i % 20];
}

/* When a task is due: a once/range task gets a month end in 2025..2030,
** weighted to the near years like real plans; others have no due date. */
typedef struct schedule {
  const char *kind;
  int start, due;       /* day numbers; 0 = none */
  char timeline[96];
} schedule;

static void make_schedule(gen *g, schedule *s) {
  static const int year_weights[] = {25, 30, 15, 10, 5, 15}; /* 2025 .. 2030 */
  int roll = rng_int(&g->r, 1, 100);
  s->start = s->due = 0;
  int w = rng_int(&g->r, 1, 100), year = 2025;
  for (int i = 0, acc = 0; i < 6; i++) {
    acc += year_weights[i];
    if (w <= acc) { year = 2025 + i; break; }
  }
  int month = year == 2025 ? rng_int(&g->r, 6, 12) : rng_int(&g->r, 1, 12);
  if (roll <= 60) {
    s->kind = "once";
    s->due = month_last_day(year, month);
    if (rng_chance(&g->r, 50)) snprintf(s->timeline, sizeof s->timeline, "Tháng %d/%d", month, year);
    else if (month >= 10) snprintf(s->timeline, sizeof s->timeline, "Quý IV/%d", year);
    else snprintf(s->timeline, sizeof s->timeline, "Trong tháng %d/%d", month, year);
  } else if (roll <= 78) {
    s->kind = "range";
    int to = year < 2026 ? 2026 : year;
    s->start = days_from_civil(2025, 1, 1);
    s->due = days_from_civil(to, 12, 31);
    snprintf(s->timeline, sizeof s->timeline, "Năm 2025 - %d", to);
  } else if (roll <= 93) {
    s->kind = "recurring";
    snprintf(s->timeline, sizeof s->timeline, "Thường xuyên, hằng năm");
  } else if (roll <= 97) {
    s->kind = "conditional";
    snprintf(s->timeline, sizeof s->timeline, "Sau khi có hướng dẫn của cơ quan cấp trên");
  } else {
    s->kind = "none";
    s->timeline[0] = '\0';
  }
}

static void make_title(gen *g, nq_buf *b) {
  nq_buf_reset(b);
  if (rng_chance(&g->r, 15)) {
    nq_buf_puts(b, PICK(&g->r, real_titles));
    return;
  }
  nq_buf_printf(b, "%s %s %s", PICK(&g->r, title_verbs), PICK(&g->r, title_objects),
                PICK(&g->r, title_scopes));
}

/* The task's monthly updates over the reporting year and the derived
** columns they imply. Progress ramps towards 100 % at a completion day near
** the due date (sometimes late, sometimes stalled), so the statuses the store
** computes come out mixed: done on time, done late, in progress, at risk,
** overdue, not started. */
typedef struct progress {
  int percent;
  int last_update;     /* day number, 0 = none */
  char last_at[24];
  int done_day;        /* 0 = not done */
} progress;

static void add_updates(gen *g, int64_t task, int64_t unit, const schedule *s, progress *p) {
  p->percent = 0;
  p->last_update = p->done_day = 0;
  p->last_at[0] = '\0';
  if (rng_chance(&g->r, 5)) return; /* never reported: "not started" */
  int first = rng_chance(&g->r, 60) ? 0 : rng_int(&g->r, 1, 3);
  /* The day the work would reach 100 %. */
  int finish;
  if (s->due) {
    int slip = rng_chance(&g->r, 25) ? rng_int(&g->r, 20, 200) : -rng_int(&g->r, 0, 60);
    finish = s->due + slip;
  } else {
    finish = g->first_month_day + rng_int(&g->r, 200, 1500);
  }
  bool stalled = rng_chance(&g->r, 10);
  int y0, m0, d0;
  civil_from_days(g->first_month_day, &y0, &m0, &d0);
  int begin = g->first_month_day + first * 30;
  for (int i = first; i < UPDATE_MONTHS; i++) {
    int y = y0 + (m0 - 1 + i) / 12, m = (m0 - 1 + i) % 12 + 1;
    int dd = rng_int(&g->r, 10, 20);
    int day = days_from_civil(y, m, dd);
    int pct;
    if (day >= finish) pct = 100;
    else pct = (int)(100.0 * (day - begin + 30) / (finish - begin + 30));
    if (stalled) pct = pct > 30 ? 30 : pct;
    if (pct < p->percent) pct = p->percent;
    if (pct > 100) pct = 100;
    if (pct < 5) pct = 5;
    char at[24], period[16];
    snprintf(at, sizeof at, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, dd, rng_int(&g->r, 1, 10),
             rng_int(&g->r, 0, 59), rng_int(&g->r, 0, 59));
    snprintf(period, sizeof period, "%04d-%02d", y, m);
    sqlite3_stmt *st = g->ins_update;
    sqlite3_bind_int64(st, 1, ++g->next_update);
    sqlite3_bind_int64(st, 2, task);
    sqlite3_bind_int64(st, 3, unit);
    sqlite3_bind_text(st, 4, at, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, period, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, pct == 100 ? STATUS_DONE : STATUS_IN_PROGRESS, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 7, pct);
    sqlite3_bind_text(st, 8, PICK(&g->r, results_text), -1, SQLITE_STATIC);
    if (rng_chance(&g->r, 25))
      sqlite3_bind_text(st, 9, PICK(&g->r, difficulties_text), -1, SQLITE_STATIC);
    if (rng_chance(&g->r, 15))
      sqlite3_bind_text(st, 10, PICK(&g->r, proposals_text), -1, SQLITE_STATIC);
    db_insert(st);
    g->rows++;
    p->percent = pct;
    p->last_update = day;
    memcpy(p->last_at, at, sizeof at);
    if (pct == 100) {
      p->done_day = day;
      break;
    }
  }
}

static void add_task_unit(gen *g, int64_t task, int64_t unit, const char *role, int ord) {
  sqlite3_bind_int64(g->ins_task_unit, 1, task);
  sqlite3_bind_int64(g->ins_task_unit, 2, unit);
  sqlite3_bind_text(g->ins_task_unit, 3, role, -1, SQLITE_STATIC);
  sqlite3_bind_int(g->ins_task_unit, 4, ord);
  db_insert(g->ins_task_unit);
  g->rows++;
}

/* Tasks of one plan. Leads are drawn from lead_pool; supports from
** support_pool; parents (if any) from parent_pool. Returns the new ids in
** out (caller frees) so lower plans can point at them. */
typedef struct pool { const int64_t *ids; int n; } pool;

static int64_t *add_tasks(gen *g, int64_t plan, const char *created, int n, pool lead_pool,
                          pool support_pool, pool parent_pool) {
  int64_t *ids = nq_xmalloc(sizeof *ids * (size_t)(n > 0 ? n : 1));
  nq_buf title = NQ_BUF_INIT, keysrc = NQ_BUF_INIT;
  int per_section = 6 + (int)(plan % 7);
  if (per_section < n / 15 + 1) per_section = n / 15 + 1; /* at most ~16 sections */
  for (int i = 0; i < n; i++) {
    int64_t id = ++g->next_task;
    ids[i] = id;
    char code[32];
    snprintf(code, sizeof code, "%s.%d", roman(i / per_section), i % per_section + 1);
    make_title(g, &title);
    nq_buf_reset(&keysrc);
    nq_buf_printf(&keysrc, "%s %s", code, title.data);
    char *key = vn_search_key(keysrc.data);
    schedule s;
    make_schedule(g, &s);
    int64_t lead = lead_pool.ids[rng_int(&g->r, 0, lead_pool.n - 1)];

    progress p;
    add_updates(g, id, lead, &s, &p);

    char start[11], due[11], done_date[11];
    sqlite3_stmt *st = g->ins_task;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, plan);
    bind_text(st, 3, code);
    sqlite3_bind_int(st, 4, i);
    bind_text(st, 5, title.data);
    bind_text(st, 6, s.timeline[0] ? s.timeline : NULL);
    bind_text(st, 7, s.kind);
    if (s.start) { fmt_date(start, s.start); bind_text(st, 8, start); }
    if (s.due) { fmt_date(due, s.due); bind_text(st, 9, due); }
    sqlite3_bind_int(st, 10, p.done_day ? 1 : 0);
    if (p.done_day) { fmt_date(done_date, p.done_day); bind_text(st, 11, done_date); }
    if (parent_pool.n) sqlite3_bind_int64(st, 12, parent_pool.ids[rng_int(&g->r, 0, parent_pool.n - 1)]);
    sqlite3_bind_int(st, 13, p.percent);
    if (p.last_update) bind_text(st, 14, p.last_at);
    bind_text(st, 15, key);
    bind_text(st, 16, created);
    bind_text(st, 17, p.last_update ? p.last_at : created);
    db_insert(st);
    g->rows++;
    free(key);

    add_task_unit(g, id, lead, "lead", 0);
    int n_support = support_pool.n ? rng_int(&g->r, 0, 3) : 0;
    int64_t used[4] = {lead};
    int n_used = 1;
    for (int k = 0; k < n_support; k++) {
      int64_t u = support_pool.ids[rng_int(&g->r, 0, support_pool.n - 1)];
      bool dup = false;
      for (int j = 0; j < n_used; j++) dup |= used[j] == u;
      if (dup) continue;
      used[n_used++] = u;
      add_task_unit(g, id, u, "support", n_used - 2);
    }
  }
  nq_buf_free(&title);
  nq_buf_free(&keysrc);
  return ids;
}

/* Indicators of a plan with 2025/2030 targets and monthly values reported
** by the plan's issuer over the reporting year. */
static void add_indicators(gen *g, int64_t plan, int64_t reporter, int n) {
  int y0, m0, d0;
  civil_from_days(g->first_month_day, &y0, &m0, &d0);
  for (int i = 0; i < n; i++) {
    int64_t id = ++g->next_indicator;
    int k = rng_int(&g->r, 0, (int)(sizeof indicator_kinds / sizeof indicator_kinds[0]) - 1);
    char code[16];
    snprintf(code, sizeof code, "%s.%d", roman(i / 10), i % 10 + 1);
    sqlite3_stmt *st = g->ins_indicator;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, plan);
    sqlite3_bind_int(st, 3, i);
    bind_text(st, 4, code);
    bind_text(st, 5, PICK(&g->r, indicator_groups));
    bind_text(st, 6, indicator_kinds[k].name);
    bind_text(st, 7, indicator_kinds[k].measure);
    bind_text(st, 8, strcmp(indicator_kinds[k].measure, "%") ? "sum" : "latest");
    db_insert(st);
    g->rows++;
    double start = indicator_kinds[k].start, target = indicator_kinds[k].target;
    char t[32];
    for (int y = 2025; y <= 2030; y += 5) {
      double v = y == 2025 ? start + (target - start) / 3 : target;
      snprintf(t, sizeof t, ">=%g", (double)(int)v);
      sqlite3_bind_int64(g->ins_target, 1, id);
      sqlite3_bind_int(g->ins_target, 2, y);
      bind_text(g->ins_target, 3, t);
      db_insert(g->ins_target);
      g->rows++;
    }
    double v = start * (0.8 + 0.4 * (double)rng_int(&g->r, 0, 100) / 100.0);
    for (int mi = 1; mi < UPDATE_MONTHS; mi++) {
      int y = y0 + (m0 - 1 + mi) / 12, m = (m0 - 1 + mi) % 12 + 1;
      v += (target - start) / 60.0 * rng_int(&g->r, 0, 3);
      if (!strcmp(indicator_kinds[k].measure, "%") && v > 100) v = 100;
      char period[16], at[24];
      snprintf(period, sizeof period, "%04d-%02d", y, m);
      snprintf(at, sizeof at, "%04d-%02d-%02dT09:00:00Z", y, m, rng_int(&g->r, 15, 20));
      st = g->ins_value;
      sqlite3_bind_int64(st, 1, ++g->next_value);
      sqlite3_bind_int64(st, 2, id);
      sqlite3_bind_int64(st, 3, reporter);
      sqlite3_bind_int(st, 4, y);
      bind_text(st, 5, period);
      sqlite3_bind_double(st, 6, (double)(int)(v * 10) / 10.0);
      bind_text(st, 7, at);
      db_insert(st);
      g->rows++;
    }
  }
}

/* Monthly reports of each unit that leads tasks in a plan: most accepted,
** some submitted late, the latest still in draft. */
static void add_reports(gen *g, int64_t plan, const int64_t *units, int n) {
  int y0, m0, d0;
  civil_from_days(g->first_month_day, &y0, &m0, &d0);
  for (int u = 0; u < n; u++) {
    for (int i = 0; i < UPDATE_MONTHS; i++) {
      int y = y0 + (m0 - 1 + i) / 12, m = (m0 - 1 + i) % 12 + 1;
      char ps[11], pe[11], due[11], sub[24], acc[24];
      fmt_date(ps, days_from_civil(y, m, 1));
      fmt_date(pe, month_last_day(y, m));
      fmt_date(due, days_from_civil(y, m, 20));
      bool last = i == UPDATE_MONTHS - 1;
      bool late = rng_chance(&g->r, 15);
      int sday = late ? rng_int(&g->r, 21, 28) : rng_int(&g->r, 12, 20);
      snprintf(sub, sizeof sub, "%04d-%02d-%02dT08:30:00Z", y, m, sday);
      snprintf(acc, sizeof acc, "%04d-%02d-%02dT15:00:00Z", y, m, sday);
      const char *state = last ? "draft" : rng_chance(&g->r, 5) ? "returned" : "accepted";
      sqlite3_stmt *st = g->ins_report;
      sqlite3_bind_int64(st, 1, plan);
      sqlite3_bind_int64(st, 2, units[u]);
      bind_text(st, 3, ps);
      bind_text(st, 4, pe);
      bind_text(st, 5, due);
      bind_text(st, 6, state);
      bind_text(st, 7, g->now);
      if (!last) bind_text(st, 8, sub);
      if (!strcmp(state, "accepted")) bind_text(st, 9, acc);
      db_insert(st);
      g->rows++;
    }
  }
}

/* Distinct lead units of a plan's just-inserted tasks (for its reports). */
static int plan_lead_units(gen *g, int64_t plan, int64_t **out) {
  sqlite3_stmt *st = db_prepare(g->db,
      "SELECT DISTINCT tu.unit_id FROM tasks t JOIN task_units tu ON tu.task_id = t.id"
      " WHERE t.plan_id = ?1 AND tu.role = 'lead'");
  sqlite3_bind_int64(st, 1, plan);
  int n = 0, cap = 16;
  int64_t *ids = nq_xmalloc(sizeof *ids * (size_t)cap);
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (n == cap) ids = nq_xrealloc(ids, sizeof *ids * (size_t)(cap *= 2));
    ids[n++] = sqlite3_column_int64(st, 0);
  }
  sqlite3_finalize(st);
  *out = ids;
  return n;
}

static void plan_tail(gen *g, int64_t plan, int64_t reporter, int n_indicators) {
  if (n_indicators) add_indicators(g, plan, reporter, n_indicators);
  int64_t *leads;
  int n = plan_lead_units(g, plan, &leads);
  add_reports(g, plan, leads, n);
  free(leads);
}

/* Central level: two Government plans led by ministries. */
typedef struct central {
  int64_t units[sizeof central_bodies / sizeof central_bodies[0]];
  int64_t plan;           /* the plan provinces implement */
  int64_t *tasks;
  int n_tasks;
} central;

static void gen_central(gen *g, central *c) {
  int n = (int)(sizeof central_bodies / sizeof central_bodies[0]);
  for (int i = 0; i < n; i++)
    c->units[i] = add_unit(g, 0, i == 0 ? "party" : "state", "central", central_bodies[i], NULL);
  pool ministries = {c->units + 3, n - 3};
  int64_t p1 = add_plan(g, "Nghị quyết", "71/NQ-CP", c->units[1], "Chính phủ", "Hà Nội",
                        "2025-04-01",
                        "Nghị quyết sửa đổi, bổ sung, cập nhật Chương trình hành động của Chính phủ "
                        "thực hiện Nghị quyết số 57-NQ/TW",
                        "57-NQ/TW", 0, c->units + 3, 3);
  c->tasks = add_tasks(g, p1, "2025-04-01T00:00:00Z", 160, ministries, ministries, (pool){0});
  c->n_tasks = 160;
  plan_tail(g, p1, c->units[3], 25);
  c->plan = p1;
  int64_t p2 = add_plan(g, "Kế hoạch", "01-KH/BCĐTW", c->units[0], central_bodies[0], "Hà Nội",
                        "2025-05-12",
                        "Kế hoạch triển khai Nghị quyết số 57-NQ/TW năm 2025", "57-NQ/TW", 0,
                        c->units + 3, 2);
  free(add_tasks(g, p2, "2025-05-12T00:00:00Z", 140, ministries, ministries, (pool){0}));
  plan_tail(g, p2, c->units[3], 25);
}

/* A provincial agency's name bound to its place; a city's party committee
** is the "Thành ủy", not the "Tỉnh ủy". */
static void agency_name(char *out, size_t size, const char *pattern, const char *place, bool city) {
  snprintf(out, size, pattern, place);
  char *p = city ? strstr(out, "Tỉnh ủy") : NULL;
  if (p) memcpy(p, "Thành", 6); /* both are 6 bytes of UTF-8 */
}

/* One province: its agencies and communes, its chain of six plans and the
** plans of its communes. */
static void gen_province(gen *g, int pi, const central *c, int *commune_seq) {
  const scale *sc = g->sc;
  char place[64], name[256], alias[320];
  snprintf(place, sizeof place, "%s %s", provinces[pi].city ? "thành phố" : "tỉnh",
           provinces[pi].name);
  int64_t ag[N_PROVINCE_AGENCIES];
  int nag = sc->agencies_per_province;
  for (int i = 0; i < nag; i++) {
    agency_name(name, sizeof name, province_agencies[i].name, place, provinces[pi].city);
    if (province_agencies[i].alias)
      agency_name(alias, sizeof alias, province_agencies[i].alias, place, provinces[pi].city);
    ag[i] = add_unit(g, 0, province_agencies[i].kind, "province", name,
                     province_agencies[i].alias ? alias : NULL);
  }
  int nc = sc->communes_per_province;
  int64_t *communes = nq_xmalloc(sizeof *communes * (size_t)nc);
  char **commune_names = nq_xmalloc(sizeof *commune_names * (size_t)nc);
  for (int i = 0; i < nc; i++) {
    int seq = (*commune_seq)++;
    int a = seq % N_SYLLABLES, b = (a + 1 + seq / N_SYLLABLES) % N_SYLLABLES;
    bool ward = (seq % 5) == 0;
    snprintf(name, sizeof name, "%s %s %s", ward ? "phường" : "xã", syllables[a], syllables[b]);
    commune_names[i] = nq_xstrdup(name);
    char full[300];
    snprintf(full, sizeof full, "Ủy ban nhân dân %s", name);
    snprintf(alias, sizeof alias, "UBND %s", name);
    communes[i] = add_unit(g, ag[AG_UBND], "ward", "ward", full, alias);
  }

  /* Pools: agencies lead province plans; all agencies and some communes support. */
  int n_support = nag + (nc < 20 ? nc : 20);
  int64_t *support = nq_xmalloc(sizeof *support * (size_t)n_support);
  memcpy(support, ag, sizeof *ag * (size_t)nag);
  memcpy(support + nag, communes, sizeof *communes * (size_t)(n_support - nag));
  pool agencies = {ag, nag}, supporters = {support, n_support};
  pool no_parent = {0};
  pool central_tasks = c ? (pool){c->tasks, c->n_tasks} : no_parent;

  int num = 10 + pi;
  char number[64], title[400];
  /* The chain: CTr of the Party Committee, then the People's Committee's
  ** plan carrying it out, then sectoral plans under that. */
  snprintf(number, sizeof number, "%d-CTr/TU", num);
  agency_name(name, sizeof name, province_agencies[AG_TINHUY].name, place, provinces[pi].city);
  int64_t duty_units[3] = {ag[AG_KHCN], ag[AG_UBND], ag[AG_NOIVU]};
  int64_t p_ctr = add_plan(g, "Chương trình hành động", number, ag[AG_TINHUY], name,
                           provinces[pi].name, "2025-02-15",
                           "Chương trình hành động thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị",
                           c ? "71/NQ-CP" : "57-NQ/TW", c ? c->plan : 0, duty_units, 3);
  int64_t *ctr_tasks = add_tasks(g, p_ctr, "2025-02-15T00:00:00Z", 40, agencies, supporters,
                                 central_tasks);
  plan_tail(g, p_ctr, ag[AG_KHCN], 30);

  char ctr_number[64];
  snprintf(ctr_number, sizeof ctr_number, "%s", number);
  snprintf(number, sizeof number, "%d/KH-UBND", 300 + num);
  snprintf(name, sizeof name, province_agencies[AG_UBND].name, place);
  int64_t p_ubnd = add_plan(g, "Kế hoạch", number, ag[AG_UBND], name, provinces[pi].name,
                            "2025-03-20",
                            "Kế hoạch thực hiện Chương trình hành động của Tỉnh ủy về đột phá phát "
                            "triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
                            ctr_number, p_ctr, duty_units, 3);
  int n_ubnd = 70;
  int64_t *ubnd_tasks = add_tasks(g, p_ubnd, "2025-03-20T00:00:00Z", n_ubnd, agencies, supporters,
                                  (pool){ctr_tasks, 40});
  plan_tail(g, p_ubnd, ag[AG_KHCN], 20);

  static const struct { int agency; const char *suffix; int tasks; } sectoral[] = {
    {AG_DANGUY_UBND, "KH/ĐU", 30}, {AG_KHCN, "KH-SKHCN", 30},
    {AG_NOIVU, "KH-SNV", 25}, {AG_CONGAN, "KH-CAT", 25},
  };
  for (size_t k = 0; k < sizeof sectoral / sizeof sectoral[0]; k++) {
    int a = sectoral[k].agency;
    snprintf(number, sizeof number, "%d/%s", 20 + (int)k * 7 + pi, sectoral[k].suffix);
    snprintf(name, sizeof name, province_agencies[a].name, place);
    snprintf(title, sizeof title, "Kế hoạch của %s thực hiện Kế hoạch số %d/KH-UBND", name,
             300 + num);
    char implements[64];
    snprintf(implements, sizeof implements, "%d/KH-UBND", 300 + num);
    int64_t p = add_plan(g, "Kế hoạch", number, ag[a], name, provinces[pi].name, "2025-04-10",
                         title, implements, p_ubnd, &ag[a], 1);
    free(add_tasks(g, p, "2025-04-10T00:00:00Z", sectoral[k].tasks, agencies, supporters,
                   (pool){ubnd_tasks, n_ubnd}));
    plan_tail(g, p, ag[a], 0);
  }

  /* Commune plans: the commune leads its own tasks; the province's agencies support. */
  int n_ward_plans = sc->ward_plans < 0 ? nc : sc->ward_plans;
  pool ward_support = {ag, nag < 8 ? nag : 8};
  for (int i = 0; i < n_ward_plans; i++) {
    snprintf(number, sizeof number, "%d/KH-UBND", 40 + i % 60);
    snprintf(name, sizeof name, "Ủy ban nhân dân %s", commune_names[i]);
    snprintf(title, sizeof title,
             "Kế hoạch triển khai thực hiện Nghị quyết số 57-NQ/TW trên địa bàn %s năm 2025 và "
             "các năm tiếp theo", commune_names[i]);
    char implements[64];
    snprintf(implements, sizeof implements, "%d/KH-UBND", 300 + num);
    int64_t p = add_plan(g, "Kế hoạch", number, communes[i], name, provinces[pi].name,
                         "2025-05-05", title, implements, p_ubnd, &communes[i], 1);
    int n = rng_int(&g->r, sc->ward_tasks_min, sc->ward_tasks_max);
    free(add_tasks(g, p, "2025-05-05T00:00:00Z", n, (pool){&communes[i], 1}, ward_support,
                   (pool){ubnd_tasks, n_ubnd}));
    if (sc->ward_indicators) add_indicators(g, p, communes[i], sc->ward_indicators);
    add_reports(g, p, &communes[i], 1);
  }

  for (int i = 0; i < nc; i++) free(commune_names[i]);
  free(commune_names);
  free(communes);
  free(support);
  free(ctr_tasks);
  free(ubnd_tasks);
}

/* ---- bulk-load bracket -------------------------------------------------------- */

/* Secondary indexes of the big tables are dropped during the load and
** rebuilt after it (a sort instead of millions of random B-tree inserts);
** their definitions come from the database, so they are the store's own. */
typedef struct saved_indexes { char **sql; int n; } saved_indexes;

static void drop_indexes(sqlite3 *db, saved_indexes *si) {
  sqlite3_stmt *st = db_prepare(db,
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN"
      " ('progress_updates', 'indicator_values', 'task_units', 'tasks', 'unit_reports')");
  si->sql = NULL;
  si->n = 0;
  char **names = NULL;
  while (sqlite3_step(st) == SQLITE_ROW) {
    si->sql = nq_xrealloc(si->sql, sizeof *si->sql * (size_t)(si->n + 1));
    names = nq_xrealloc(names, sizeof *names * (size_t)(si->n + 1));
    names[si->n] = nq_xstrdup((const char *)sqlite3_column_text(st, 0));
    si->sql[si->n++] = nq_xstrdup((const char *)sqlite3_column_text(st, 1));
  }
  sqlite3_finalize(st);
  for (int i = 0; i < si->n; i++) {
    char *sql = sqlite3_mprintf("DROP INDEX \"%w\"", names[i]);
    db_exec(db, sql);
    sqlite3_free(sql);
    free(names[i]);
  }
  free(names);
}

static void restore_indexes(sqlite3 *db, saved_indexes *si) {
  for (int i = 0; i < si->n; i++) {
    db_exec(db, si->sql[i]);
    free(si->sql[i]);
  }
  free(si->sql);
}

static double seconds_since(const struct timespec *t0) {
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int64_t count_rows(sqlite3 *db, const char *table) {
  char sql[128];
  snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
  sqlite3_stmt *st = db_prepare(db, sql);
  int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  sqlite3_finalize(st);
  return n;
}

/* The derived columns must say what the rows they derive from say; a
** mismatch would make the store's answers on this data meaningless. */
static void verify_consistency(sqlite3 *db) {
  static const struct { const char *what, *sql; } checks[] = {
    {"tasks.percent/last_update_at = the last update",
     "SELECT count(*) FROM tasks t LEFT JOIN (SELECT task_id, max(at) AS at FROM progress_updates"
     " GROUP BY task_id) u ON u.task_id = t.id LEFT JOIN progress_updates p ON p.task_id = t.id"
     " AND p.at = u.at WHERE t.last_update_at IS NOT u.at OR t.percent != coalesce(p.percent, 0)"},
    {"tasks.done/done_date = a 100 % update",
     "SELECT count(*) FROM tasks t WHERE t.done != (t.done_date IS NOT NULL) OR (t.done = 1 AND"
     " NOT EXISTS (SELECT 1 FROM progress_updates p WHERE p.task_id = t.id AND p.percent = 100"
     " AND substr(p.at, 1, 10) = t.done_date))"},
    {"every task has one lead",
     "SELECT count(*) FROM tasks t WHERE (SELECT count(*) FROM task_units u WHERE u.task_id = t.id"
     " AND u.role = 'lead') != 1"},
    {"parent tasks exist", "SELECT count(*) FROM tasks t WHERE t.parent_task_id IS NOT NULL AND"
     " NOT EXISTS (SELECT 1 FROM tasks p WHERE p.id = t.parent_task_id)"},
  };
  for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
    sqlite3_stmt *st = db_prepare(db, checks[i].sql);
    int64_t bad = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    if (bad != 0) die("kiểm tra thất bại (check failed): %s: %lld rows", checks[i].what,
                      (long long)bad);
  }
  /* The schema's triggers fill task_fts; FTS5 compares it with tasks. */
  db_exec(db, "INSERT INTO task_fts(task_fts) VALUES ('integrity-check')");
}

static void usage(FILE *f) {
  fputs("Cách dùng (usage): gen --db PATH --scale province|national [--seed N]\n"
        "  [--last-month YYYY-MM] [--provinces N]\n"
        "Điền dữ liệu tổng hợp vào cơ sở dữ liệu nq57 đã có lược đồ (nq57 đã tạo).\n"
        "(Fills a database created by nq57 with synthetic plans, tasks and updates.)\n"
        "--last-month: last month of the year of monthly updates (default: last month).\n"
        "--provinces: generate only the first N provinces of the scale (quick trials).\n", f);
}

int main(int argc, char **argv) {
  const char *db_path = NULL, *scale_name = NULL, *last_month = NULL;
  uint64_t seed = 57;
  int provinces_limit = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) { usage(stdout); return 0; }
    if (i + 1 >= argc) { usage(stderr); return 2; }
    if (!strcmp(argv[i], "--db")) db_path = argv[++i];
    else if (!strcmp(argv[i], "--scale")) scale_name = argv[++i];
    else if (!strcmp(argv[i], "--seed")) seed = strtoull(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--last-month")) last_month = argv[++i];
    else if (!strcmp(argv[i], "--provinces")) provinces_limit = atoi(argv[++i]);
    else { usage(stderr); return 2; }
  }
  const scale *sc = NULL;
  for (size_t i = 0; scale_name && i < sizeof scales / sizeof scales[0]; i++)
    if (!strcmp(scales[i].name, scale_name)) sc = &scales[i];
  if (!db_path || !sc) { usage(stderr); return 2; }
  scale limited;
  if (provinces_limit > 0 && provinces_limit < sc->provinces) {
    limited = *sc;
    limited.provinces = provinces_limit;
    sc = &limited;
  }

  gen g = {.sc = sc, .r = {seed}};
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(g.now, sizeof g.now, "%Y-%m-%dT%H:%M:%SZ", &tm);
  int ly = tm.tm_year + 1900, lm = tm.tm_mon; /* tm_mon is 0-based: last month */
  if (lm == 0) { ly--; lm = 12; }
  if (last_month && sscanf(last_month, "%d-%d", &ly, &lm) != 2) { usage(stderr); return 2; }
  int fm = lm - (UPDATE_MONTHS - 1), fy = ly;
  while (fm < 1) { fm += 12; fy--; }
  g.first_month_day = days_from_civil(fy, fm, 1);

  if (sqlite3_open_v2(db_path, &g.db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    die("%s: %s (tạo cơ sở dữ liệu bằng nq57 trước / create it with nq57 first)", db_path,
        sqlite3_errmsg(g.db));
  sqlite3 *db = g.db;
  if (count_rows(db, "tasks") != 0) die("%s: đã có dữ liệu (already has tasks)", db_path);

  /* A throw-away bulk load: no journal, no fsync; on failure the file is discarded. */
  db_exec(db, "PRAGMA journal_mode = OFF");
  db_exec(db, "PRAGMA synchronous = OFF");
  db_exec(db, "PRAGMA locking_mode = EXCLUSIVE");
  db_exec(db, "PRAGMA cache_size = -262144");
  db_exec(db, "PRAGMA temp_store = MEMORY");
  db_exec(db, "PRAGMA foreign_keys = OFF");

  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  g.next_unit = db_max_id(db, "units");
  g.next_plan = db_max_id(db, "plans");
  g.next_task = db_max_id(db, "tasks");
  g.next_update = db_max_id(db, "progress_updates");
  g.next_indicator = db_max_id(db, "indicators");
  g.next_value = db_max_id(db, "indicator_values");

  saved_indexes si;
  db_exec(db, "BEGIN");
  drop_indexes(db, &si);
  prepare_all(&g);
  central c = {0};
  if (sc->central) gen_central(&g, &c);
  int commune_seq = 0;
  for (int p = 0; p < sc->provinces; p++) {
    gen_province(&g, sc->first_province + p, sc->central ? &c : NULL, &commune_seq);
    /* Commit per province: bounded memory for the page cache spill. */
    db_exec(db, "COMMIT");
    db_exec(db, "BEGIN");
    fprintf(stderr, "\rgen: %d/%d tỉnh, %lld dòng, %.1f s", p + 1, sc->provinces,
            (long long)g.rows, seconds_since(&t0));
  }
  fputc('\n', stderr);
  free(c.tasks);
  finalize_all(&g);
  double t_insert = seconds_since(&t0);
  restore_indexes(db, &si);
  db_exec(db, "COMMIT");
  double t_index = seconds_since(&t0) - t_insert;
  db_exec(db, "PRAGMA journal_mode = WAL");
  struct timespec tv;
  clock_gettime(CLOCK_MONOTONIC, &tv);
  verify_consistency(db);
  double t_verify = seconds_since(&tv);

  double total = seconds_since(&t0) - t_verify;
  static const char *const tables[] = {"units", "plans", "tasks", "task_units",
                                       "progress_updates", "indicators", "indicator_values",
                                       "unit_reports"};
  printf("scale %s (seed %llu, updates %04d-%02d .. %04d-%02d)\n", sc->name,
         (unsigned long long)seed, fy, fm, ly, lm);
  for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
    printf("  %-18s %10lld\n", tables[i], (long long)count_rows(db, tables[i]));
  printf("rows %lld in %.1f s (insert %.1f s, indexes %.1f s): %.0f rows/s;"
         " consistency checked in %.1f s\n",
         (long long)g.rows, total, t_insert, t_index, (double)g.rows / total, t_verify);
  if (sqlite3_close(db) != SQLITE_OK) die("close: %s", sqlite3_errmsg(db));
  return 0;
}
