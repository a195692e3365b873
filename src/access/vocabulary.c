/* The shared words, as data: see vocabulary.h. */
#include "access/vocabulary.h"

#define OWN(id, name, record) { name, (record) ? VOCABULARY_RECORD : 0 },
#define SHARED(id, name, record) { name, VOCABULARY_SHAREABLE | ((record) ? VOCABULARY_RECORD : 0) },
const struct vocabulary_category vocabulary_categories[] = {
	VOCABULARY_OWN_CATEGORIES(OWN)
	VOCABULARY_SHARED_CATEGORIES(SHARED)
};
#undef OWN
#undef SHARED

const size_t vocabulary_categories_count = sizeof(vocabulary_categories) / sizeof(vocabulary_categories[0]);

const char *const vocabulary_disciplines[] = {
	"wijkverpleegkundige", "huisarts", "praktijkondersteuner", "trombosedienst", "wondverpleegkundige",
	"casemanager", "other", NULL,
};

const char *const vocabulary_special_rights[] = { VOCABULARY_RECEIVES_ALERTS, VOCABULARY_ACTS_ON_BEHALF, NULL };
