/*
** attain.c: reading targets and values, judging attainment, traffic lights
** and roll-ups by rule (see attain.h for the rules).
*/
#include "core/attain.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vntext.h"
#include "util/buf.h"

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Reads a number at s with Vietnamese or English separators; sets *end past
** it. Returns false when s does not start with one. */
static bool read_number(const char *s, const char **end, double *out) {
  const char *p = s;
  bool negative = false;
  if (*p == '-' || *p == '+') negative = *p++ == '-';
  if (!is_digit(*p)) return false;
  const char *run = p, *last = p;
  int dots = 0, commas = 0;
  const char *last_dot = NULL, *last_comma = NULL;
  for (; is_digit(*p) || *p == '.' || *p == ','; p++) {
    if (is_digit(*p)) {
      last = p;
    } else if (is_digit(p[1])) {      /* a separator must sit between digits */
      if (*p == '.') dots++, last_dot = p;
      else commas++, last_comma = p;
    } else {
      break;
    }
  }
  char decimal = 0;
  if (dots && commas) decimal = last_dot > last_comma ? '.' : ',';
  else if (commas == 1) decimal = ',';
  else if (dots == 1) {
    /* "1.500" is fifteen hundred in Vietnamese; "0.125" and "48.5" are decimals */
    size_t after = (size_t)(last - last_dot);
    decimal = (after == 3 && !(last_dot - run == 1 && *run == '0')) ? 0 : '.';
  }
  char buf[64];
  size_t k = 0;
  for (const char *q = run; q <= last && k + 1 < sizeof buf; q++) {
    if (is_digit(*q)) buf[k++] = *q;
    else if (*q == decimal) buf[k++] = '.';
  }
  buf[k] = '\0';
  *out = strtod(buf, NULL);
  if (negative) *out = -*out;
  *end = last + 1;
  return true;
}

/* Folded copy without spaces, percent signs and a trailing full stop. */
static char *compact(const char *text) {
  char *f = vn_fold(text ? text : "");
  size_t k = 0;
  for (size_t i = 0; f[i]; i++)
    if (f[i] != ' ' && f[i] != '%' && f[i] != '\t' && f[i] != '\n' && f[i] != '\r') f[k++] = f[i];
  f[k] = '\0';
  if (k && f[k - 1] == '.') f[k - 1] = '\0';
  return f;
}

static bool eat(const char **ps, const char *prefix) {
  size_t n = strlen(prefix);
  if (strncmp(*ps, prefix, n) != 0) return false;
  *ps += n;
  return true;
}

nq_code nq_value_parse_number(const char *text, double *out, nq_err *err) {
  char *c = compact(text);
  const char *end;
  bool ok = read_number(c, &end, out) && *end == '\0';
  free(c);
  if (!ok) return nq_fail(err, NQ_EINVAL, "không phải số: \"%.40s\"", text ? text : "");
  return NQ_OK;
}

bool nq_value_parse_yes(const char *text, bool *yes) {
  static const char *const yes_words[] = {"co", "yes", "dat", "x", "true", "dahoanthanh", NULL};
  static const char *const no_words[] = {"khong", "no", "chua", "chuadat", "khongdat", "false",
                                         "chuahoanthanh", NULL};
  char *c = compact(text);
  bool found = false;
  for (const char *const *w = yes_words; *w && !found; w++)
    if (strcmp(c, *w) == 0) found = true, *yes = true;
  for (const char *const *w = no_words; *w && !found; w++)
    if (strcmp(c, *w) == 0) found = true, *yes = false;
  if (!found) {
    const char *end;
    double v;
    if (read_number(c, &end, &v) && *end == '\0') found = true, *yes = v > 0;
  }
  free(c);
  return found;
}

nq_target nq_target_parse(const char *text) {
  nq_target t = {NQ_TARGET_TEXT, 0, 0};
  char *c = compact(text);
  const char *p = c, *end;
  bool yes;
  if (*c && !is_digit(*c) && nq_value_parse_yes(text, &yes) && yes) {
    t.op = NQ_TARGET_YES;
    goto out;
  }
  nq_target_op op = NQ_TARGET_LEVEL;
  if (eat(&p, ">=") || eat(&p, "=>") || eat(&p, "\xe2\x89\xa5") || eat(&p, "toithieu") ||
      eat(&p, "itnhat"))
    op = NQ_TARGET_GE;
  else if (eat(&p, "<=") || eat(&p, "=<") || eat(&p, "\xe2\x89\xa4") || eat(&p, "toida") ||
           eat(&p, "khongqua"))
    op = NQ_TARGET_LE;
  else if (eat(&p, ">") || eat(&p, "tren"))
    op = NQ_TARGET_GT;
  else if (eat(&p, "<") || eat(&p, "duoi"))
    op = NQ_TARGET_LT;
  else if (eat(&p, "=") || eat(&p, "dat"))
    op = NQ_TARGET_LEVEL;
  if (!read_number(p, &end, &t.lo)) goto out;
  p = end;
  if (eat(&p, "-") || eat(&p, "\xe2\x80\x93")) {
    if (!read_number(p, &end, &t.hi) || t.hi < t.lo) goto out;
    p = end;
    op = NQ_TARGET_RANGE;
  }
  if (*p == '\0') t.op = op;
out:
  if (t.op == NQ_TARGET_TEXT) t.lo = t.hi = 0;
  free(c);
  return t;
}

char *nq_target_format(const nq_target *t, char *out, size_t cap) {
  static const char *const prefix[] = {"", "", ">=", ">", "<=", "<", "", ""};
  switch (t->op) {
  case NQ_TARGET_TEXT: snprintf(out, cap, "%s", ""); break;
  case NQ_TARGET_YES: snprintf(out, cap, "yes"); break;
  case NQ_TARGET_RANGE: snprintf(out, cap, "%g-%g", t->lo, t->hi); break;
  default: snprintf(out, cap, "%s%g", prefix[t->op], t->lo); break;
  }
  return out;
}

static double clamp01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }

nq_eval nq_target_eval(const nq_target *t, const char *value, double elapsed) {
  nq_eval e = {NQ_ATTAIN_NOT_EVALUABLE, -1, NQ_LIGHT_NONE};
  double v = 0, f = clamp01(elapsed);
  bool yes = false;
  if (t->op == NQ_TARGET_TEXT) return e;
  if (t->op == NQ_TARGET_YES) {
    if (!nq_value_parse_yes(value, &yes)) return e;
    e.attained = yes ? NQ_ATTAIN_YES : NQ_ATTAIN_NO;
    e.ratio = yes ? 1 : 0;
    e.light = yes ? NQ_LIGHT_GREEN : f < 0.75 ? NQ_LIGHT_AMBER : NQ_LIGHT_RED;
    return e;
  }
  if (nq_value_parse_number(value, &v, NULL) != NQ_OK) return e;
  bool met;
  switch (t->op) {
  case NQ_TARGET_GT: met = v > t->lo; break;
  case NQ_TARGET_LE: met = v <= t->lo; break;
  case NQ_TARGET_LT: met = v < t->lo; break;
  default: met = v >= t->lo; break;     /* level, >=, range from its lower bound */
  }
  if (t->op == NQ_TARGET_LE || t->op == NQ_TARGET_LT)
    e.ratio = v <= 0 ? 1 : t->lo / v;
  else
    e.ratio = t->lo > 0 ? v / t->lo : (v >= t->lo ? 1 : 0);
  if (e.ratio < 0) e.ratio = 0;
  e.attained = met ? NQ_ATTAIN_YES : NQ_ATTAIN_NO;
  if (met) e.light = NQ_LIGHT_GREEN;
  else if (f >= 1) e.light = NQ_LIGHT_RED;
  else if (e.ratio >= f) e.light = NQ_LIGHT_GREEN;
  else if (e.ratio >= 0.8 * f) e.light = NQ_LIGHT_AMBER;
  else e.light = NQ_LIGHT_RED;
  return e;
}

const char *nq_light_name(nq_light l) {
  static const char *const n[] = {"none", "green", "amber", "red"};
  return (unsigned)l < 4 ? n[l] : n[0];
}

const char *nq_light_label(nq_light l) {
  static const char *const n[] = {"Chưa đánh giá", "Xanh", "Vàng", "Đỏ"};
  return (unsigned)l < 4 ? n[l] : n[0];
}

const char *nq_attain_name(nq_attain a) {
  static const char *const n[] = {"not_evaluable", "attained", "not_attained"};
  return (unsigned)a < 3 ? n[a] : n[0];
}

const char *nq_attain_label(nq_attain a) {
  static const char *const n[] = {"Chưa đánh giá được", "Đạt", "Không đạt"};
  return (unsigned)a < 3 ? n[a] : n[0];
}

static const char *const agg_names[] = {"sum", "mean", "min", "max", "latest", "share_yes"};
#define AGG_COUNT (sizeof agg_names / sizeof *agg_names)

const char *nq_agg_rule_name(nq_agg_rule r) {
  return (unsigned)r < AGG_COUNT ? agg_names[r] : agg_names[0];
}

nq_code nq_agg_rule_from_name(const char *name, nq_agg_rule *out, nq_err *err) {
  for (size_t i = 0; name && i < AGG_COUNT; i++)
    if (strcmp(name, agg_names[i]) == 0) {
      *out = (nq_agg_rule)i;
      return NQ_OK;
    }
  return nq_fail(err, NQ_EINVAL, "quy tắc tổng hợp không hợp lệ: \"%.40s\"", name ? name : "(null)");
}

static bool blank(const char *s) {
  if (!s) return true;
  for (; *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return false;
  return true;
}

nq_code nq_aggregate(nq_agg_rule rule, const char *const *values, size_t n, double *out,
                     size_t *used, nq_err *err) {
  double acc = 0;
  size_t count = 0;
  if ((unsigned)rule >= AGG_COUNT) return nq_fail(err, NQ_EINVAL, "quy tắc tổng hợp không hợp lệ");
  for (size_t i = 0; i < n; i++) {
    if (blank(values[i])) continue;
    double v;
    if (rule == NQ_AGG_SHARE_YES) {
      bool yes;
      if (!nq_value_parse_yes(values[i], &yes))
        return nq_fail(err, NQ_EUNPROCESSABLE, "giá trị thứ %zu không phải Có/Không: \"%.40s\"",
                       i + 1, values[i]);
      v = yes ? 1 : 0;
    } else if (nq_value_parse_number(values[i], &v, NULL) != NQ_OK) {
      return nq_fail(err, NQ_EUNPROCESSABLE, "giá trị thứ %zu không phải số: \"%.40s\"", i + 1,
                     values[i]);
    }
    switch (rule) {
    case NQ_AGG_MIN: acc = count == 0 || v < acc ? v : acc; break;
    case NQ_AGG_MAX: acc = count == 0 || v > acc ? v : acc; break;
    case NQ_AGG_LATEST: acc = v; break;
    default: acc += v; break;       /* sum, and the numerators of mean and share */
    }
    count++;
  }
  if ((rule == NQ_AGG_MEAN || rule == NQ_AGG_SHARE_YES) && count > 0) acc /= (double)count;
  *out = count ? acc : 0;
  *used = count;
  return NQ_OK;
}

nq_rollup nq_indicator_rollup(const char *measure, const char *aggregation, const char *target,
                              char *const *values, size_t n, double elapsed) {
  nq_rollup r = {NQ_AGG_SUM, 0, NULL, false, {NQ_ATTAIN_NOT_EVALUABLE, -1, NQ_LIGHT_NONE}};
  nq_target t = nq_target_parse(target);
  if (nq_agg_rule_from_name(aggregation, &r.rule, NULL) != NQ_OK)
    r.rule = t.op == NQ_TARGET_YES ? NQ_AGG_SHARE_YES
           : (measure && strchr(measure, '%')) ? NQ_AGG_MEAN : NQ_AGG_SUM;
  double agg = 0;
  bool readable = n && nq_aggregate(r.rule, (const char *const *)values, n, &agg, &r.used, NULL) == NQ_OK;
  if (readable && r.used) {
    char text[64];
    if (r.rule == NQ_AGG_SHARE_YES) {
      snprintf(text, sizeof text, "%s", agg >= 1 ? "có" : "không");
      r.value = r.used == 1 || agg >= 1 || agg <= 0 ? json_string(agg >= 1 ? "Có" : "Không")
                                                    : json_real(round(agg * 1000) / 10);
    } else {
      snprintf(text, sizeof text, "%.10g", agg);
      r.value = json_real(round(agg * 100) / 100);
    }
    r.ev = nq_target_eval(&t, text, elapsed);
  } else if (n == 1 && values[0]) {
    r.value = json_string(values[0]);
    r.free_text = true;
  }
  if (!r.value) r.value = json_null();
  return r;
}
