/*
** cmd_report.c: `nq57 report --plan ID --period CODE [--unit ID]
** --format docx|xlsx|csv|json -o FILE`: write the periodic report of a plan
** (the aggregator's compilation) or of one unit, in the Decree 30 layout
** (DOCX), as tables (XLSX, CSV) or as the report model (JSON).
*/
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "monitor/monitor.h"
#include "report/csv.h"
#include "report/docx.h"
#include "report/report.h"
#include "report/xlsx.h"
#include "store/store.h"

static void usage(FILE *f) {
  fputs("Cách dùng: nq57 report --plan MÃ --period KỲ [--unit MÃ] [--format docx|xlsx|csv|json]\n"
        "                   [--date YYYY-MM-DD] [--table tasks|indicators|timeliness] -o TỆP\n"
        "Xuất báo cáo định kỳ của kế hoạch (bản tổng hợp) hoặc của một đơn vị.\n"
        "(Write the periodic report of a plan or of one unit.)\n\n"
        "  --plan MÃ        mã kế hoạch (số)\n"
        "  --period KỲ      kỳ báo cáo: 2025-07 (tháng), 2025-Q3 (quý), 2025-H1 (6 tháng),\n"
        "                   2025-9M (9 tháng), 2025 (năm), 2025-AH1 (đột xuất)\n"
        "  --unit MÃ        báo cáo của một đơn vị (mặc định: tổng hợp cả kế hoạch)\n"
        "  --format ĐỊNH_DẠNG docx (mặc định, theo Nghị định 30/2020/NĐ-CP), xlsx, csv, json;\n"
        "                   nếu bỏ trống thì lấy theo đuôi tệp -o\n"
        "  --date NGÀY      ngày ghi trên báo cáo (mặc định hôm nay)\n"
        "  --table BẢNG     bảng xuất ra CSV: tasks (mặc định), indicators, timeliness\n"
        "  -o, --output TỆP tệp ghi ra (bắt buộc trừ json)\n"
        "  --db TỆP         cơ sở dữ liệu (mặc định $NQ57_DB hoặc ./nq57.db)\n"
        "  --help           hiện hướng dẫn này\n", f);
}

static long long parse_id(const char *s) {
  char *end = NULL;
  long long v = s ? strtoll(s, &end, 10) : 0;
  return end && *end ? 0 : v;
}

static const char *format_from_name(const char *path) {
  const char *dot = path ? strrchr(path, '.') : NULL;
  if (!dot) return "docx";
  if (strcmp(dot, ".xlsx") == 0) return "xlsx";
  if (strcmp(dot, ".csv") == 0) return "csv";
  if (strcmp(dot, ".json") == 0) return "json";
  return "docx";
}

int cmd_report(int argc, char **argv) {
  static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                       {"plan", required_argument, NULL, 'p'},
                                       {"period", required_argument, NULL, 'P'},
                                       {"unit", required_argument, NULL, 'u'},
                                       {"format", required_argument, NULL, 'f'},
                                       {"date", required_argument, NULL, 'D'},
                                       {"table", required_argument, NULL, 't'},
                                       {"output", required_argument, NULL, 'o'},
                                       {"help", no_argument, NULL, 'h'},
                                       {0, 0, 0, 0}};
  const char *db = cli_default_db(), *plan_arg = NULL, *period = NULL, *unit_arg = NULL,
             *format = NULL, *date = NULL, *table_name = NULL, *output = NULL;
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
    switch (c) {
    case 'd': db = optarg; break;
    case 'p': plan_arg = optarg; break;
    case 'P': period = optarg; break;
    case 'u': unit_arg = optarg; break;
    case 'f': format = optarg; break;
    case 'D': date = optarg; break;
    case 't': table_name = optarg; break;
    case 'o': output = optarg; break;
    case 'h': usage(stdout); return NQ_EXIT_OK;
    default: usage(stderr); return NQ_EXIT_USAGE;
    }
  }
  long long plan = parse_id(plan_arg), unit = unit_arg ? parse_id(unit_arg) : 0;
  if (optind != argc || plan <= 0 || !period || (unit_arg && unit <= 0)) {
    fputs("nq57 report: cần --plan (số), --period và nếu có --unit thì là số\n", stderr);
    usage(stderr);
    return NQ_EXIT_USAGE;
  }
  if (!format) format = format_from_name(output);
  if (strcmp(format, "docx") && strcmp(format, "xlsx") && strcmp(format, "csv") && strcmp(format, "json")) {
    fprintf(stderr, "nq57 report: định dạng không hợp lệ: %s (docx, xlsx, csv, json)\n", format);
    return NQ_EXIT_USAGE;
  }
  nq_csv_table table = NQ_CSV_TASKS;
  if (table_name && !nq_csv_table_from_name(table_name, &table)) {
    fprintf(stderr, "nq57 report: bảng không hợp lệ: %s (tasks, indicators, timeliness)\n", table_name);
    return NQ_EXIT_USAGE;
  }
  if (!output && strcmp(format, "json") != 0) {
    fputs("nq57 report: cần -o TỆP cho định dạng docx, xlsx, csv\n", stderr);
    return NQ_EXIT_USAGE;
  }

  nq_store *s = NULL;
  nq_err err = {0};
  if (nq_store_open(&s, db, &err)) {
    fprintf(stderr, "nq57 report: %s: %s\n", db, err.msg);
    return NQ_EXIT_FAIL;
  }
  int64_t period_id = 0;
  nq_code rc = nq_monitor_period_find(s, plan, period, &period_id, &err);
  if (rc == NQ_ENOTFOUND && atoi(period) >= 2000) {
    /* Periods follow from the plan's regime; make the year's on first use. */
    nq_actor cli = {0, "cli", "cli"};
    nq_err gen_err = {0};
    if (nq_monitor_periods_generate(s, &cli, plan, atoi(period), NULL, &gen_err) == NQ_OK)
      rc = nq_monitor_period_find(s, plan, period, &period_id, &err);
  }
  json_t *doc = NULL;
  if (!rc) rc = nq_monitor_document(s, period_id, unit, date, &doc, &err);
  nq_store_close(s);
  if (rc) {
    fprintf(stderr, "nq57 report: %s\n", err.msg);
    return NQ_EXIT_FAIL;
  }
  if (strcmp(format, "docx") == 0) rc = nq_docx_write(doc, output, &err);
  else if (strcmp(format, "xlsx") == 0) rc = nq_xlsx_write(doc, output, &err);
  else if (strcmp(format, "csv") == 0) rc = nq_csv_write(doc, table, output, &err);
  else if (output) {
    char *text = json_dumps(doc, JSON_INDENT(2));
    rc = nq_report_write_file(output, text, strlen(text), &err);
    free(text);
  } else {
    json_dumpf(doc, stdout, JSON_INDENT(2));
    putchar('\n');
  }
  json_decref(doc);
  if (rc) {
    fprintf(stderr, "nq57 report: %s\n", err.msg);
    return NQ_EXIT_FAIL;
  }
  return NQ_EXIT_OK;
}
