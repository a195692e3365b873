#ifndef ROER_API_VOCABULARY_H
#define ROER_API_VOCABULARY_H

#include <jansson.h>

/*
 * The shared words (access/vocabulary.h) as a new JSON object, the body of
 * GET /api/v1/vocabulary and what `roer vocabulary` prints (the caller owns
 * it): {"categories": [{"name", "shareable", "record", "parts"}],
 * "disciplines": [...], "special_rights": [...]}, every list in the order
 * the pages show it. A category's "parts" are the paths under
 * /api/v1/clients/{client}/ of the record routes whose items it guards,
 * read from the route table.
 */
json_t *vocabulary_json(void);

#endif
