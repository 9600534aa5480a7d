/* restore.c: placeholder */
#include "import/restore.h"
#include <stdlib.h>
#include "util/buf.h"
struct nq_restorer { int unused; };
bool nq_text_lacks_diacritics(const char *text) { (void)text; return false; }
nq_restorer *nq_restorer_new(void) { return nq_xcalloc(1, sizeof(nq_restorer)); }
void nq_restorer_free(nq_restorer *r) { free(r); }
char *nq_restore_text(const nq_restorer *r, const char *text) { (void)r; return nq_xstrdup(text); }
