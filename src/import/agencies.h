/*
** agencies.h: the agency directory (data/agencies.md, embedded in the
** binary) and the matcher that turns agency phrases of a document into
** canonical directory names: aliases and abbreviations, "Đảng ủy " + agency
** for party committees, and collective phrases ("các Sở, ngành có liên
** quan") spelled as in the directory's collective list.
*/
#ifndef NQ_IMPORT_AGENCIES_H
#define NQ_IMPORT_AGENCIES_H

#include <jansson.h>

#include "import/tokens.h"

typedef struct nq_agency_dir nq_agency_dir;

/* Parse a directory in the agencies.md format. Never fails: lines that are
** not list items are ignored. */
nq_agency_dir *nq_agency_dir_parse(const char *markdown);

/* The directory compiled into nq57. */
nq_agency_dir *nq_agency_dir_default(void);

void nq_agency_dir_free(nq_agency_dir *d);

/* Tokens of the document's place ("an giang"), absorbed after names. */
void nq_agency_dir_set_place(nq_agency_dir *d, const char *place);

/* Longest agency phrase starting at token i: returns how many tokens it
** covers (0 if none) and sets *name to a malloc'd canonical name. */
int nq_agency_match(const nq_agency_dir *d, const vn_toks *t, int i, char **name);

/* An agency list "A, B và C" from token i: appends canonical names (no
** duplicates) to arr and returns the token index after the list (i when
** nothing matched). stop bounds the search (exclusive). */
int nq_agency_list(const nq_agency_dir *d, const vn_toks *t, int i, int stop, json_t *arr);

/* Entries, in directory order. */
int nq_agency_dir_count(const nq_agency_dir *d);
const char *nq_agency_dir_name(const nq_agency_dir *d, int i);

/* Is the canonical name a collective assignee? */
int nq_agency_is_collective(const nq_agency_dir *d, const char *name);

#endif
