/*
** seed.c: demo and default data compiled into the binary: the agency
** directory (data/agencies.md) and the gold plans (the JSON files of data/gold),
** published and public, so a fresh `nq57 serve` shows a working system (and
** a public page) from any directory.
*/
#include <stdlib.h>
#include <string.h>

#include "store/embed.h"
#include "store/sqlite_int.h"
#include "store/store_auth.h"
#include "util/buf.h"

typedef struct section {
  const char *kind, *level;
} section;

/* "## Party bodies (cấp tỉnh)" -> what its entries are. */
static section section_of(const char *heading) {
  section s = {NULL, NULL};
  if (strstr(heading, "Party")) s = (section){"party", "province"};
  else if (strstr(heading, "State")) s = (section){"state", "province"};
  else if (strstr(heading, "Ward")) s = (section){"ward", "ward"};
  else if (strstr(heading, "Collective")) s = (section){"collective", "province"};
  return s;
}

static char *trim(char *s) {
  while (*s == ' ' || *s == '\t') s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) s[--n] = 0;
  return s;
}

static nq_code agencies_in(nq_db *db, void *ctx, nq_err *err) {
  const char *text = ctx;
  char *copy = nq_xstrdup(text), *save = NULL;
  section cur = {NULL, NULL};
  nq_code rc = NQ_OK;
  int line_no = 0;
  for (char *line = strtok_r(copy, "\n", &save); line && !rc; line = strtok_r(NULL, "\n", &save)) {
    line_no++;
    if (strncmp(line, "## ", 3) == 0) {
      cur = section_of(line + 3);
      continue;
    }
    if (!cur.kind || strncmp(line, "- ", 2) != 0) continue;
    char *parts = line + 2, *psave = NULL;
    char *name = trim(strtok_r(parts, "|", &psave));
    json_t *aliases = json_array();
    for (char *a = strtok_r(NULL, "|", &psave); a; a = strtok_r(NULL, "|", &psave))
      if (*trim(a)) json_array_append_new(aliases, json_string(trim(a)));
    if (*name) {
      int64_t existing = 0;
      nq_err ignored;
      /* Listed twice? keep the first entry (the directory is hand-written). */
      if (nq_db_unit_resolve(db, name, false, &existing, &ignored) != NQ_OK)
        rc = nq_db_unit_insert(db, name, cur.kind, cur.level, 0, "active", aliases, NULL, err);
      if (rc) nq_err_prefix(err, "agencies.md:%d: ", line_no);
    }
    json_decref(aliases);
  }
  free(copy);
  return rc;
}

static const nq_embed_file *demo_file(const char *name) {
  for (size_t i = 0; i < nq_embedded_demo_count; i++)
    if (strcmp(nq_embedded_demo[i].name, name) == 0) return &nq_embedded_demo[i];
  return NULL;
}

nq_code nq_store_seed_agencies(nq_store *s, const nq_actor *who, nq_err *err) {
  const nq_embed_file *f = demo_file("agencies.md");
  if (!f) return nq_fail(err, NQ_EINTERNAL, "Thiếu danh mục cơ quan trong bản nq57 này.");
  return nq_sql_write(s, who, agencies_in, (void *)f->data, err);
}

nq_code nq_store_seed_demo(nq_store *s, nq_err *err) {
  static const nq_actor who = {0, "demo-loader", "cli"};
  bool empty = false;
  nq_code rc = nq_store_is_empty(s, &empty, err);
  if (rc || !empty) return rc;
  if ((rc = nq_store_seed_agencies(s, &who, err))) return rc;
  for (size_t i = 0; i < nq_embedded_demo_count && !rc; i++) {
    const nq_embed_file *f = &nq_embedded_demo[i];
    size_t n = strlen(f->name);
    if (n < 5 || strcmp(f->name + n - 5, ".json") != 0) continue;
    json_error_t jerr;
    json_t *plan = json_loadb(f->data, f->len, 0, &jerr);
    if (!plan) {
      rc = nq_fail(err, NQ_EINTERNAL, "%s:%d:%d: %s", f->name, jerr.line, jerr.column, jerr.text);
      break;
    }
    int64_t id = 0;
    rc = nq_store_plan_create(s, &who, plan, &id, err);
    /* The seed plans are issued documents, already public by law: the
    ** public page and an anonymous /api/plans show them from the start. */
    if (!rc) rc = nq_store_plan_set_public(s, &who, id, -1, true, NULL, err);
    if (rc) nq_err_prefix(err, "%s: ", f->name);
    json_decref(plan);
  }
  return rc;
}
