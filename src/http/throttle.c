#include "http/throttle.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

struct entry {
	char *key;              /* NULL: free slot */
	uint64_t hash;
	unsigned count;
	int64_t since_ms;       /* failure: time of the last failure; window: its start */
	int64_t expires_ms;     /* the entry means nothing after this */
};

struct throttle {
	pthread_mutex_t lock;
	unsigned capacity;
	unsigned used;
	struct entry *entries;
};

static uint64_t hash_key(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

struct throttle *throttle_new(unsigned capacity)
{
	struct throttle *t = xcalloc(1, sizeof(*t));

	pthread_mutex_init(&t->lock, NULL);
	t->capacity = capacity < 16 ? 16 : capacity;
	t->entries = xcalloc(t->capacity, sizeof(*t->entries));
	return t;
}

void throttle_free(struct throttle *t)
{
	if (!t)
		return;
	for (unsigned i = 0; i < t->capacity; i++)
		free(t->entries[i].key);
	free(t->entries);
	pthread_mutex_destroy(&t->lock);
	free(t);
}

static struct entry *find(struct throttle *t, const char *key, uint64_t h)
{
	for (unsigned i = 0; i < t->capacity; i++)
		if (t->entries[i].key && t->entries[i].hash == h && !strcmp(t->entries[i].key, key))
			return &t->entries[i];
	return NULL;
}

/*
 * Returns the entry for key, creating it. A linear table is fine at the
 * sizes this sees (tens of keys in a busy minute); the capacity bound keeps
 * a scan short under attack too.
 */
static struct entry *get(struct throttle *t, const char *key, int64_t now_ms)
{
	uint64_t h = hash_key(key);
	struct entry *e = find(t, key, h), *victim = NULL;

	if (e) {
		if (e->expires_ms <= now_ms) {
			e->count = 0;
			e->since_ms = now_ms;
		}
		return e;
	}
	for (unsigned i = 0; i < t->capacity; i++) {
		struct entry *c = &t->entries[i];

		if (!c->key || c->expires_ms <= now_ms) {
			victim = c;
			break;
		}
		if (!victim || c->expires_ms < victim->expires_ms)
			victim = c;
	}
	free(victim->key);
	victim->key = xstrdup(key);
	victim->hash = h;
	victim->count = 0;
	victim->since_ms = now_ms;
	victim->expires_ms = now_ms;
	return victim;
}

static unsigned seconds_until(int64_t when_ms, int64_t now_ms)
{
	if (when_ms <= now_ms)
		return 0;
	return (unsigned)((when_ms - now_ms + 999) / 1000);
}

unsigned throttle_failure_wait(struct throttle *t, const char *key, int64_t now_ms,
			       const struct failure_rule *rule)
{
	struct entry *e;
	unsigned wait = 0;

	pthread_mutex_lock(&t->lock);
	e = find(t, key, hash_key(key));
	if (e && e->expires_ms > now_ms) {
		if (e->count >= rule->lock_after) {
			wait = seconds_until(e->since_ms + (int64_t)rule->lock_seconds * 1000, now_ms);
		} else if (e->count >= rule->slow_after) {
			unsigned shift = e->count - rule->slow_after;
			int64_t delay = shift >= 6 ? 60 : (int64_t)1 << shift;

			wait = seconds_until(e->since_ms + delay * 1000, now_ms);
		}
	}
	pthread_mutex_unlock(&t->lock);
	return wait;
}

void throttle_failure_add(struct throttle *t, const char *key, int64_t now_ms,
			  const struct failure_rule *rule)
{
	struct entry *e;

	pthread_mutex_lock(&t->lock);
	e = get(t, key, now_ms);
	e->count++;
	e->since_ms = now_ms;
	e->expires_ms = now_ms + (int64_t)rule->lock_seconds * 1000;
	pthread_mutex_unlock(&t->lock);
}

void throttle_failure_clear(struct throttle *t, const char *key)
{
	struct entry *e;

	pthread_mutex_lock(&t->lock);
	e = find(t, key, hash_key(key));
	if (e) {
		free(e->key);
		memset(e, 0, sizeof(*e));
	}
	pthread_mutex_unlock(&t->lock);
}

unsigned throttle_take(struct throttle *t, const char *key, int64_t now_ms, unsigned limit,
		       unsigned window_seconds)
{
	struct entry *e;
	unsigned wait = 0;

	pthread_mutex_lock(&t->lock);
	e = get(t, key, now_ms);
	if (e->count == 0) {
		e->since_ms = now_ms;
		e->expires_ms = now_ms + (int64_t)window_seconds * 1000;
	}
	if (e->count >= limit)
		wait = seconds_until(e->expires_ms, now_ms);
	else
		e->count++;
	pthread_mutex_unlock(&t->lock);
	return wait;
}
