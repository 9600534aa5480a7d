/*
** apitoken.c: API token validity and bearer parsing; see apitoken.h.
*/
#include "auth/apitoken.h"

#include <string.h>
#include <strings.h>

bool nq_api_token_active(const nq_api_token *t, int64_t now) {
  if (t->revoked_at != 0 && t->revoked_at <= now) return false;
  if (t->expires_at != 0 && now >= t->expires_at) return false;
  return true;
}

bool nq_bearer_token(const char *authorization, char out[NQ_TOKEN_STR_MAX]) {
  if (!authorization || strncasecmp(authorization, "Bearer ", 7) != 0) return false;
  const char *t = authorization + 7;
  while (*t == ' ') t++;
  size_t n = strlen(t);
  while (n > 0 && t[n - 1] == ' ') n--;
  if (n >= NQ_TOKEN_STR_MAX) return false;
  memcpy(out, t, n);
  out[n] = '\0';
  return nq_token_well_formed(out, NQ_API_TOKEN_PREFIX);
}

nq_principal nq_api_token_principal(const nq_principal *user, const nq_api_token *t) {
  nq_principal p = *user;
  p.actions = user->actions & t->actions;
  return p;
}
