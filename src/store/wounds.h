#ifndef ROER_STORE_WOUNDS_H
#define ROER_STORE_WOUNDS_H

/* Wounds and their photos in the store (backend-neutral; SQLite in store/sqlite/wounds.c). */

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct store_wound {
	int64_t id;
	int64_t client_id;
	const char *name;
	const char *note;            /* NULL: none */
	int64_t created_by, created_at;
	int64_t healed_at;           /* 0: not healed */
	int64_t photos;              /* filled by reads: how many photos */
	int64_t last_photo_at;       /* filled by reads: ms of the newest photo, 0 when none */
};

int store_wound_insert(struct store_tx *tx, const struct store_wound *w, int64_t *id);
/* Changes name, note and healed_at: STORE_ONE or STORE_NONE. */
int store_wound_update(struct store_tx *tx, const struct store_wound *w);
/* Calls fn for each of the client's wounds (id 0) or the one with that id: STORE_ONE, STORE_NONE or < 0. */
int store_wounds_each(struct store_tx *tx, int64_t client_id, int64_t id,
		      int (*fn)(const struct store_wound *w, void *ctx), void *ctx);

struct store_wound_photo {
	int64_t id;
	int64_t client_id, wound_id;
	int64_t taken_at;            /* milliseconds */
	const char *note;
	unsigned width, height;
	int64_t bytes;
	int64_t created_by, created_at;
};

/* Stores a photo's row and its bytes (the clean image and its thumbnail). */
int store_wound_photo_insert(struct store_tx *tx, const struct store_wound_photo *p, const void *image, size_t len,
			     const void *thumb, size_t thumb_len, int64_t *id);
/* Calls fn for each photo of a wound, oldest first (id 0), or the one with that id. STORE_ONE, STORE_NONE or < 0. */
int store_wound_photos_each(struct store_tx *tx, int64_t client_id, int64_t wound_id, int64_t id,
			    int (*fn)(const struct store_wound_photo *p, void *ctx), void *ctx);
/* Removes a photo and its bytes: STORE_ONE or STORE_NONE. */
int store_wound_photo_remove(struct store_tx *tx, int64_t client_id, int64_t wound_id, int64_t id);
/*
 * Copies a photo's bytes (thumb: the thumbnail) into a malloc'ed buffer the
 * caller frees: STORE_ONE, or STORE_NONE when the client's wound has no such photo.
 */
int store_wound_photo_bytes(struct store_tx *tx, int64_t client_id, int64_t wound_id, int64_t id, int thumb,
			    unsigned char **data, size_t *len);

#endif
