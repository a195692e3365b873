#ifndef ROER_API_NETWORK_H
#define ROER_API_NETWORK_H

#include "api/fields.h"

/* The categories a client can share, each "see" or "change": the rights of an invitation or a member. */
extern const struct field_spec network_rights_fields[];

#endif
