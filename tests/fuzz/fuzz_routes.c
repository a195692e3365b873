/*
 * libFuzzer target: the route table and its handlers with live sessions,
 * through the server itself. LLVMFuzzerInitialize starts the real HTTP
 * server (libmicrohttpd, http_server_start) in this process on a free
 * loopback port, over a store in a fresh temporary folder holding the demo
 * client Els and her daughter Marieke (`roer demo`), each with a session.
 * Each input becomes one HTTP request on a kept-alive connection, so it
 * passes every check the server makes (limits, route, origin, body,
 * session, anti-forgery token) before the handler, the access module, the
 * transaction runner and the store see it. Nothing in src/ knows it is
 * being fuzzed. A third person, a professional outside Els's network, can
 * be invited and accept.
 *
 * Input, in lines:
 *   1. the route: "METHOD PATTERN" exactly as in the route table (e.g.
 *      "PATCH /api/v1/clients/{client}/goals/{id}"); any other first line
 *      picks route (first byte modulo the number of routes);
 *   2. who asks, then what fills the pattern's {client} and {id} in order,
 *      separated by spaces: who is "client" (Els), "carer" (Marieke), "pro"
 *      (the professional) or "nobody" (no cookie), any other word picks by
 *      its first byte; a "!" after it leaves out the anti-forgery token. A
 *      fill is "me", "client", "carer" or "pro" (their ids), "#N" (the N-th
 *      id of what the route's parent list held at the last look, so real
 *      items), or any other text, sent percent-encoded. Defaults: Els, her
 *      id, "#0";
 *   3. the query string, without "?";
 *   4. more request headers, separated by tabs: "Name: value", or only a
 *      value for the User-Agent (which the audit log keeps); "$host" in
 *      them stands for the server's host and port;
 *   5. the rest: the body, sent as application/json when not empty; "$code"
 *      in it stands for the code of the newest invitation a reply showed.
 *
 * Each input ends only when its whole reply is in, and the server sends a
 * reply only after its transaction's job is done (committed, or failed
 * and undone): so every input's store job, on the writer thread for a
 * write, has finished before the next input starts. A reply that does not
 * come within REPLY_TIMEOUT seconds is a finding (a job whose done() never
 * came), as are a 500 (our own error: the message is printed), a body that
 * is not JSON, an error reply whose code is not in the table or comes with
 * another status, a success without a session on a route that needs one
 * or without the anti-forgery token on one that changes something, and a
 * record route's success that the store, read on a connection of its own
 * right after the reply, does not bear out (the item made or changed as
 * the reply shows it, or gone).
 *
 * The target keeps state between inputs, like a server does: items made
 * by one input are there for the next. A session that an input ended
 * (logout, a password change) is started again before the next input; a
 * person erased, and every RESET_EVERY inputs, the store is put back to a
 * copy of the demo store made at start, with new throttles. So a finding
 * may need the inputs before it: the log names the input that crashed.
 *
 * Run with `make fuzz`; replay a finding with `build/fuzz/fuzz_routes FILE`
 * (FUZZ_ROUTES_VERBOSE=1 prints each request, its reply and the server's log).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "api/record.h"
#include "auth/password.h"
#include "auth/session.h"
#include "auth/totp.h"
#include "config.h"
#include "demo.h"
#include "http/dispatch.h"
#include "http/errors.h"
#include "http/route_table.h"
#include "http/request.h"
#include "http/server.h"
#include "http/throttle.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/timeutil.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REPLY_TIMEOUT 15
#define RESET_EVERY 5000
#define POOL_REFRESH_EVERY 500
#define POOL_MAX 256
#define MAX_BODY 2048   /* a small limit, so that inputs reach the refusal of a body that is too large */

#define FAIL(...) (fprintf(stderr, "fuzz_routes: " __VA_ARGS__), fputc('\n', stderr), abort())

static struct config cfg;
static struct server_ctx ctx;
static struct http_server *http;
static unsigned port;
static char base[256];            /* the temporary folder: template.sqlite3 and one folder per store */
static char store_dir[320];
static unsigned generation;
static unsigned since_reset, since_refresh;
static int sock = -1;
static int verbose;               /* FUZZ_ROUTES_VERBOSE=1: print each request and its reply */

/* Who asks: people[] in this order, then nobody (no cookie). */
enum who { WHO_CLIENT, WHO_CARER, WHO_PRO, WHO_NOBODY };
#define N_PEOPLE 3
#define PRO_EMAIL "fuzz-professional@roer.example"

struct person {
	const char *email;
	int64_t id;
	struct session_info s;
};
static struct person people[N_PEOPLE] = {
	{ DEMO_EMAIL, 0, { 0 } }, { DEMO_CARER_EMAIL, 0, { 0 } }, { PRO_EMAIL, 0, { 0 } },
};
static const char *const who_names[] = { "client", "carer", "pro", "nobody" };

/* The code of the newest invitation a reply showed: "$code" in a body stands for it. */
static char invitation_code[TOKEN_CHARS + 1];

/* Real ids for a route's {id}: what its parent list showed Els. */
struct pool {
	int64_t ids[POOL_MAX];
	size_t n;
};
static struct pool *pools;        /* one per route */

/* ---- HTTP over the loopback connection ---- */

struct reply {
	unsigned status;
	struct buf head;
	struct buf body;
	int close;
};

static void disconnect(void)
{
	if (sock >= 0)
		close(sock);
	sock = -1;
}

static void connect_server(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	struct timeval tv = { REPLY_TIMEOUT, 0 };
	int one = 1;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sock = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (sock < 0 || connect(sock, (struct sockaddr *)&a, sizeof(a)))
		FAIL("cannot connect to the server on port %u: %s", port, strerror(errno));
	setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(sock, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

/* Sends all of `req`, or what the server takes before it closes the connection. */
static void send_all(const struct buf *req)
{
	size_t off = 0;

	while (off < req->len) {
		ssize_t n = send(sock, req->data + off, req->len - off, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			FAIL("the server took no request bytes for %d s", REPLY_TIMEOUT);
		if (n <= 0)
			return;
		off += (size_t)n;
	}
}

/* Reads more into b; returns the bytes read, 0 at the end of the connection. */
static ssize_t read_more(struct buf *b)
{
	char chunk[16384];
	ssize_t n;

	do
		n = recv(sock, chunk, sizeof(chunk), 0);
	while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		FAIL("no reply within %d s: did the request's store job never finish?", REPLY_TIMEOUT);
	if (n > 0)
		buf_add(b, chunk, (size_t)n);
	return n < 0 ? 0 : n;
}

/* A header's value in the head of a reply (borrowed, up to the line end), or NULL. */
static const char *header_value(const struct buf *head, const char *name)
{
	size_t nl = strlen(name);

	for (const char *p = strstr(head->data, "\r\n"); p && p[2]; p = strstr(p + 2, "\r\n")) {
		if (!strncasecmp(p + 2, name, nl) && p[2 + nl] == ':') {
			p += 3 + nl;
			while (*p == ' ')
				p++;
			return p;
		}
	}
	return NULL;
}

/* Reads one reply. Returns 0, or -1 when the connection ended before any of it. */
static int read_reply(struct reply *r)
{
	struct buf in = BUF_INIT;
	const char *end, *v;
	size_t head_len, want;
	int has_length;

	while (!(end = in.len ? strstr(in.data, "\r\n\r\n") : NULL)) {
		if (!read_more(&in)) {
			if (!in.len) {
				buf_release(&in);
				return -1;
			}
			FAIL("the connection ended inside a reply's head: %s", in.data);
		}
	}
	head_len = (size_t)(end - in.data) + 4;
	if (!strncmp(in.data, "HTTP/1.1 1", 10))
		FAIL("an interim reply: %.*s", (int)head_len, in.data);
	buf_add(&r->head, in.data, head_len - 2);
	if (sscanf(r->head.data, "HTTP/1.1 %u ", &r->status) != 1)
		FAIL("not an HTTP reply: %s", r->head.data);
	v = header_value(&r->head, "Content-Length");
	has_length = v != NULL;
	want = v ? strtoul(v, NULL, 10) : 0;
	if (header_value(&r->head, "Transfer-Encoding"))
		FAIL("a chunked reply: %s", r->head.data);
	v = header_value(&r->head, "Connection");
	r->close = v && !strncasecmp(v, "close", 5);
	buf_add(&r->body, in.data + head_len, in.len - head_len);
	buf_release(&in);
	while (has_length ? r->body.len < want : r->status != 204 && r->status != 304) {
		if (!read_more(&r->body)) {
			if (has_length)
				FAIL("the connection ended inside a reply's body (%zu of %zu bytes)", r->body.len, want);
			r->close = 1;
			break;
		}
	}
	if (has_length && r->body.len > want)
		FAIL("%zu bytes after a reply of %zu", r->body.len - want, want);
	return 0;
}

static void reply_release(struct reply *r)
{
	buf_release(&r->head);
	buf_release(&r->body);
}

/*
 * Sends one request and reads its reply into *r (release it). A kept-alive
 * connection that the server closed meanwhile (idle, or after a refusal) is
 * opened again once.
 */
static void exchange(const char *method, const char *target, enum who who, int csrf, const char *headers,
		     const char *body, size_t body_len, struct reply *r)
{
	struct buf req = BUF_INIT;

	buf_addf(&req, "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n%s", method, target, port, headers);
	if (who != WHO_NOBODY) {
		buf_addf(&req, "Cookie: roer=%s\r\n", people[who].s.token);
		if (csrf)
			buf_addf(&req, "X-CSRF-Token: %s\r\n", people[who].s.csrf);
	}
	if (body_len)
		buf_addf(&req, "Content-Type: application/json\r\n");
	buf_addf(&req, "Content-Length: %zu\r\n\r\n", body_len);
	buf_add(&req, body, body_len);
	for (int tries = 0;; tries++) {
		memset(r, 0, sizeof(*r));
		buf_init(&r->head, 0);
		buf_init(&r->body, 0);
		if (sock < 0)
			connect_server();
		/*
		 * A refusal sent before the whole body was read may close the
		 * connection under the rest of it: the reply is still there to read.
		 */
		send_all(&req);
		if (!read_reply(r))
			break;
		reply_release(r);
		disconnect();
		if (tries)
			FAIL("the server closed a fresh connection without a reply to %s %s", method, target);
	}
	if (r->close)
		disconnect();
	buf_release(&req);
}

/* ---- the store, the people and their sessions ---- */

static int find_people(struct store_tx *tx, void *arg)
{
	(void)arg;
	for (int i = 0; i < N_PEOPLE; i++) {
		struct store_user u = { 0 };
		int rc = store_user_by_email(tx, people[i].email, &u);

		people[i].id = u.id;
		store_user_release(&u);
		if (rc != STORE_ONE)
			return rc < 0 ? rc : STORE_HARD_ERROR;
	}
	return STORE_TX_KEEP;
}

static int start_session(struct store_tx *tx, void *arg)
{
	struct person *p = arg;
	struct session_limits lim = { cfg.session_idle_seconds, cfg.session_absolute_seconds };

	return session_start(tx, p->id, time_now(), &lim, &p->s) < 0 ? STORE_HARD_ERROR : STORE_TX_KEEP;
}

static int person_exists(struct store_tx *tx, void *arg)
{
	struct store_user u = { 0 };
	int rc = store_user_by_id(tx, ((struct person *)arg)->id, &u);

	store_user_release(&u);
	return rc;
}

/* A professional outside Els's network, with the demo password: someone who may be invited. */
static int add_professional(struct store_tx *tx, void *arg)
{
	struct store_user els = { 0 }, pro = { 0 };
	int rc;

	(void)arg;
	if ((rc = store_user_by_email(tx, DEMO_EMAIL, &els)) == STORE_ONE) {
		pro.email = PRO_EMAIL;
		pro.name = "Piet de Vries (fuzz)";
		pro.language = "en";
		pro.roles = ROLE_PROFESSIONAL;
		pro.password_hash = els.password_hash;
		rc = store_user_insert(tx, &pro);
	}
	store_user_release(&els);
	return rc == STORE_ONE ? STORE_TX_KEEP : STORE_HARD_ERROR;
}

static void remove_tree(const char *path)
{
	char cmd[400];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
	if (system(cmd))
		fprintf(stderr, "fuzz_routes: cannot remove %s\n", path);
}

static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char chunk[65536];
	size_t n;

	if (!in || !out)
		FAIL("cannot copy %s to %s", from, to);
	while ((n = fread(chunk, 1, sizeof(chunk), in)))
		if (fwrite(chunk, 1, n, out) != n)
			FAIL("cannot write %s", to);
	fclose(in);
	if (fclose(out))
		FAIL("cannot write %s", to);
}

static void refresh_pools(void);

/*
 * Puts the store back to the demo store made at start, with new throttles
 * and sessions. Between inputs no request is in flight (each input waited
 * for its reply), so the server's context can change under it.
 */
static void reset(void)
{
	char file[400], old_dir[sizeof(store_dir)];

	if (ctx.store) {
		store_close(ctx.store);
		throttle_free(ctx.login_failures);
		throttle_free(ctx.rates);
		snprintf(old_dir, sizeof(old_dir), "%s", store_dir);
		remove_tree(old_dir);
	}
	snprintf(store_dir, sizeof(store_dir), "%s/store-%u", base, ++generation);
	if (mkdir(store_dir, 0700))
		FAIL("cannot make %s", store_dir);
	snprintf(file, sizeof(file), "%s/roer.sqlite3", store_dir);
	{
		char template[300];

		snprintf(template, sizeof(template), "%s/template.sqlite3", base);
		copy_file(template, file);
	}
	if (store_open(&ctx.store, store_dir, cfg.threads + 1))
		FAIL("cannot open the store in %s", store_dir);
	ctx.login_failures = throttle_new(65536);
	ctx.rates = throttle_new(65536);
	if (store_run(ctx.store, STORE_TX_READ, find_people, NULL) != STORE_TX_KEEP)
		FAIL("the demo people are not in the copied store");
	for (int i = 0; i < N_PEOPLE; i++)
		if (store_run(ctx.store, STORE_TX_WRITE, start_session, &people[i]) != STORE_TX_KEEP)
			FAIL("cannot start a session for %s", people[i].email);
	since_reset = 0;
}

/* Starts a session again for whoever lost theirs; when a person is gone, the whole store is put back. */
static void keep_sessions(void)
{
	struct session_limits lim = { cfg.session_idle_seconds, cfg.session_absolute_seconds };

	for (int i = 0; i < N_PEOPLE; i++) {
		struct session_info s;
		int rc = session_resolve(ctx.store, people[i].s.token, time_now(), &lim, &s);

		if (rc < 0)
			FAIL("cannot read the session of %s", people[i].email);
		if (rc)
			continue;
		rc = store_run(ctx.store, STORE_TX_READ, person_exists, &people[i]);
		if (rc < 0)
			FAIL("cannot read the account of %s", people[i].email);
		if (rc == STORE_NONE) {
			reset();
			return;
		}
		if (store_run(ctx.store, STORE_TX_WRITE, start_session, &people[i]) != STORE_TX_KEEP)
			FAIL("cannot start a session for %s", people[i].email);
	}
}

static void cleanup(void)
{
	disconnect();
	http_server_stop(http);
	store_close(ctx.store);
	throttle_free(ctx.login_failures);
	throttle_free(ctx.rates);
	remove_tree(base);
}

/* ---- the ids of real items ---- */

static void pool_add(struct pool *p, json_t *id)
{
	if (json_is_integer(id) && json_integer_value(id) > 0 && p->n < POOL_MAX)
		p->ids[p->n++] = json_integer_value(id);
}

/*
 * The path of the list a route's {id} comes from: its pattern up to the
 * segment before the first {id}, with Els for {client}. 0 when the route
 * has no {id}.
 */
static int parent_list(const struct route *r, struct buf *out)
{
	const char *id = strstr(r->pattern, "/{id}"), *c;

	if (!id)
		return 0;
	buf_reset(out);
	c = strstr(r->pattern, "{client}");
	if (c && c < id) {
		buf_add(out, r->pattern, (size_t)(c - r->pattern));
		buf_addf(out, "%lld", (long long)people[WHO_CLIENT].id);
		c += strlen("{client}");
		buf_add(out, c, (size_t)(id - c));
	} else {
		buf_add(out, r->pattern, (size_t)(id - r->pattern));
	}
	buf_adds(out, "?limit=500");
	return 1;
}

static void refresh_pools(void)
{
	struct buf path = BUF_INIT;

	for (size_t i = 0; i < api_routes_count; i++) {
		struct reply r;
		json_t *list, *item;
		size_t k;

		pools[i].n = 0;
		if (!parent_list(&api_routes[i], &path))
			continue;
		exchange("GET", path.data, WHO_CLIENT, 1, "User-Agent: fuzz_routes\r\n", "", 0, &r);
		list = r.status == 200 ? json_loadb(r.body.data, r.body.len, 0, NULL) : NULL;
		if (json_is_object(list) && json_is_array(json_object_get(list, "items"))) {
			json_t *items = json_incref(json_object_get(list, "items"));

			json_decref(list);
			list = items;
		}
		json_array_foreach(list, k, item)
			pool_add(&pools[i], json_object_get(item, "id"));
		json_decref(list);
		reply_release(&r);
	}
	buf_release(&path);
	since_refresh = 0;
}

/*
 * libFuzzer runs an input a second time, to look for a leak, when it
 * allocated more than it freed; here the server's threads free a request's
 * memory after its reply, so that would be nearly every input, run twice on
 * a store that the first run changed. -detect_leaks=0 unless asked
 * otherwise: the sanitizer's leak check at exit, after the server and the
 * store are closed, still covers the whole run.
 */
static void no_leak_rerun(int *argc, char ***argv)
{
	static char flag[] = "-detect_leaks=0";
	char **args;

	for (int i = 1; i < *argc; i++)
		if (!strncmp((*argv)[i], "-detect_leaks=", 14))
			return;
	args = calloc((size_t)*argc + 2, sizeof(*args));
	memcpy(args, *argv, (size_t)*argc * sizeof(*args));
	args[(*argc)++] = flag;
	*argv = args;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = access("/dev/shm", W_OK) ? getenv("TMPDIR") : "/dev/shm";
	char template_dir[300], template[300];
	struct store *t;
	int listen_fd;

	no_leak_rerun(argc, argv);
	verbose = getenv("FUZZ_ROUTES_VERBOSE") && *getenv("FUZZ_ROUTES_VERBOSE") == '1';
	log_set_quiet(!verbose);
	signal(SIGPIPE, SIG_IGN);
	snprintf(base, sizeof(base), "%s/roer-fuzz-routes-XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(base))
		FAIL("cannot make a folder like %s", base);

	/* The demo store, made once: Argon2id hashing is too slow to do again at every reset. */
	snprintf(template_dir, sizeof(template_dir), "%s/template", base);
	snprintf(template, sizeof(template), "%s/template.sqlite3", base);
	if (mkdir(template_dir, 0700) || store_open(&t, template_dir, 1) || demo_create(t) ||
	    store_run(t, STORE_TX_WRITE, add_professional, NULL) != STORE_TX_KEEP || store_backup(t, template))
		FAIL("cannot make the demo store in %s", template_dir);
	store_close(t);
	remove_tree(template_dir);

	config_init(&cfg);
	free(cfg.listen);
	cfg.listen = strdup("127.0.0.1:0");
	free(cfg.data_dir);
	cfg.data_dir = strdup(base);
	cfg.threads = 2;
	cfg.max_body = MAX_BODY;
	/* Strangers' refusals and members' writes are bounded per minute and hour: not within one run. */
	cfg.denied_per_minute = 1000000;
	cfg.member_writes_per_hour = 1000000;
	if (config_finish(&cfg, (*argv)[0]) || password_init() || totp_init())
		FAIL("cannot set up the server's configuration");
	ctx.cfg = &cfg;
	reset();
	/* As roer serve does: bind, give the public URL the real port, then serve. */
	listen_fd = http_listen(cfg.listen, &port);
	if (listen_fd < 0)
		FAIL("cannot listen on %s", cfg.listen);
	config_set_port(&cfg, port);
	if (http_server_start(&http, &ctx, listen_fd))
		FAIL("cannot start the server");
	pools = calloc(api_routes_count, sizeof(*pools));
	refresh_pools();
	atexit(cleanup);
	return 0;
}

/* ---- one input ---- */

/* Aborts unless an error reply is {"error": {"code", "message"}} with a code of the table and its status. */
static void error_reply_is_tabled(unsigned status, json_t *body, const struct route *r, const struct buf *target)
{
	json_t *e = json_object_get(body, "error");
	const char *code = json_string_value(json_object_get(e, "code"));

	/* The Nightscout API answers its own clients in Nightscout's shape: {"status", "message", "description"}. */
	if ((r->flags & ROUTE_NIGHTSCOUT) && !code &&
	    json_integer_value(json_object_get(body, "status")) == (json_int_t)status &&
	    json_is_string(json_object_get(body, "message")))
		return;
	if (!code || !json_is_string(json_object_get(e, "message")))
		FAIL("%u for %s %s is not an error object", status, http_method_name(r->method), target->data);
	for (int i = 0; i < ERR_COUNT; i++) {
		const struct api_error_info *info = api_error_info((enum api_error)i);

		if (!strcmp(info->code, code)) {
			if (info->status != status)
				FAIL("%s came with %u, not %u, for %s %s", code, status, info->status,
				     http_method_name(r->method), target->data);
			return;
		}
	}
	FAIL("%u for %s %s has code '%s', which is not in the table", status, http_method_name(r->method),
	     target->data, code);
}

/* The next line of the input (without its newline) into line; advances *p and *n. Returns 0 at the end. */
static int next_line(const uint8_t **p, size_t *n, const char **line, size_t *len)
{
	const uint8_t *nl;

	if (!*n)
		return 0;
	nl = memchr(*p, '\n', *n);
	*line = (const char *)*p;
	*len = nl ? (size_t)(nl - *p) : *n;
	*p += *len + (nl != NULL);
	*n -= *len + (nl != NULL);
	return 1;
}

/* Appends s (len bytes) percent-encoded, keeping what a path or query may hold as it is ('%' too). */
static void add_encoded(struct buf *b, const char *s, size_t len, const char *keep)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c && strchr(keep, c)))
			buf_addch(b, (char)c);
		else
			buf_addf(b, "%%%02X", c);
	}
}

/*
 * 1 for the headers an input may not send: Host, Content-Length, Expect and
 * Upgrade would make it something else than one request with one reply.
 * Transfer-Encoding may be sent: beside the Content-Length that is always
 * there, the server must refuse it and close the connection, or the rest of
 * the body would be read as the next request and its reply taken for the
 * next input's. Nor a header without a name (": x"): libmicrohttpd 0.9.75
 * ends the header block there, before the server sees the line, runs the
 * request and then answers the rest with a 400 of its own, two replies to
 * one request that the server cannot prevent (newer versions refuse it).
 */
static int framing_header(const char *name, size_t len)
{
	static const char *const framing[] = { "Host", "Content-Length", "Expect", "Upgrade", NULL };

	if (!len)
		return 1;
	while (len && name[len - 1] == ' ')
		len--;
	for (const char *const *f = framing; *f; f++)
		if (len == strlen(*f) && !strncasecmp(name, *f, len))
			return 1;
	return 0;
}

/*
 * The input's header line as request header lines: entries separated by
 * tabs, each "Name: value", or a User-Agent's value when it has no colon
 * (default "fuzz_routes"). "$host" stands for the server's host and port
 * (for an Origin of the same site). CR and NUL are left out.
 */
static void add_headers(struct buf *out, const char *line, size_t len)
{
	struct buf e = BUF_INIT;
	int has_agent = 0;

	while (len) {
		const char *tab = memchr(line, '\t', len), *colon;
		size_t el = tab ? (size_t)(tab - line) : len, name;

		/* The entry as it will be sent, then what it is. */
		buf_reset(&e);
		for (size_t i = 0; i < el; i++) {
			if (i + 5 <= el && !memcmp(line + i, "$host", 5)) {
				buf_addf(&e, "127.0.0.1:%u", port);
				i += 4;
			} else if (line[i] != '\r' && line[i] != '\0') {
				buf_addch(&e, line[i]);
			}
		}
		colon = memchr(e.data, ':', e.len);
		name = colon ? (size_t)(colon - e.data) : e.len;
		if (e.len && !(colon && framing_header(e.data, name))) {
			has_agent |= !colon || (name == 10 && !strncasecmp(e.data, "User-Agent", 10));
			buf_addf(out, "%s%s\r\n", colon ? "" : "User-Agent: ", e.data);
		}
		line += el + (tab != NULL);
		len -= el + (tab != NULL);
	}
	if (!has_agent)
		buf_adds(out, "User-Agent: fuzz_routes\r\n");
	buf_release(&e);
}

/* The route an input's first line names, or the one its first byte picks. */
static size_t pick_route(const char *line, size_t len, uint8_t first)
{
	char name[200];

	for (size_t i = 0; i < api_routes_count; i++) {
		int n = snprintf(name, sizeof(name), "%s %s", http_method_name(api_routes[i].method),
				 api_routes[i].pattern);

		if ((size_t)n == len && !memcmp(name, line, len))
			return i;
	}
	return first % api_routes_count;
}

/* The next space-separated word of line into *w (borrowed, *wl long). Returns 0 when there is none. */
static int next_word(const char **line, size_t *len, const char **w, size_t *wl)
{
	while (*len && **line == ' ')
		(*line)++, (*len)--;
	if (!*len)
		return 0;
	*w = *line;
	while (*len && **line != ' ')
		(*line)++, (*len)--;
	*wl = (size_t)(*line - *w);
	return 1;
}

static int word_is(const char *w, size_t wl, const char *s)
{
	return wl == strlen(s) && !memcmp(w, s, wl);
}

/* Fills a {client} or {id} of route `ri` from word w (NULL: the default). Returns the id, -1 for "me", 0 for none. */
static int64_t fill_id(struct buf *path, size_t ri, int is_client, const char *w, size_t wl)
{
	const struct pool *p = &pools[ri];
	int64_t id = 0;

	if (!w)
		w = is_client ? "client" : "#0", wl = strlen(w);
	if (word_is(w, wl, "me")) {
		buf_adds(path, "me");
		return -1;
	}
	if (word_is(w, wl, "client") || word_is(w, wl, "carer") || word_is(w, wl, "pro")) {
		id = people[word_is(w, wl, "carer") ? WHO_CARER : word_is(w, wl, "pro") ? WHO_PRO : WHO_CLIENT].id;
	} else if (wl && w[0] == '#') {
		unsigned long k = 0;

		for (size_t i = 1; i < wl && w[i] >= '0' && w[i] <= '9' && k < 1000000; i++)
			k = k * 10 + (unsigned long)(w[i] - '0');
		id = p->n ? p->ids[k % p->n] : 1;
	} else {
		int digits = wl <= 16 && w[0] != '0';

		add_encoded(path, w, wl, "-._~");
		for (size_t i = 0; digits && i < wl; i++) {
			digits = w[i] >= '0' && w[i] <= '9';
			id = id * 10 + (w[i] - '0');
		}
		return digits ? id : 0;
	}
	buf_addf(path, "%lld", (long long)id);
	return id;
}

struct stored {
	int64_t client, id;
	const char *kind;
	json_t *data;        /* the stored fields, or NULL when the item is not there */
};

static int keep_stored(const struct store_item *it, void *arg)
{
	((struct stored *)arg)->data = json_loads(it->data, 0, NULL);
	return 0;
}

static int read_stored(struct store_tx *tx, void *arg)
{
	struct stored *st = arg;

	return store_item_get(tx, st->client, st->kind, st->id, keep_stored, st) < 0 ? STORE_HARD_ERROR : STORE_TX_KEEP;
}

/*
 * What a record route said it did is in the store, read on a connection of
 * its own: the reply came only after the commit. A new item is there with
 * the fields the reply showed, a changed one holds the change, a removed
 * one is gone.
 */
static void reply_was_committed(const struct route *r, unsigned status, json_t *body, int64_t client, int64_t id)
{
	const struct record_kind *kind = route_record_kind(r);
	static const char *const meta[] = { "id", "created_at", "updated_at", "created_by", "updated_by", NULL };
	struct stored st = { client, id, kind ? kind->kind : NULL, NULL };
	json_t *shown;

	if (!kind || client <= 0 || !((r->handler == api_record_create && status == 201) ||
				      (r->handler == api_record_update && status == 200) ||
				      (r->handler == api_record_delete && status == 204)))
		return;
	if (r->handler == api_record_create)
		st.id = json_integer_value(json_object_get(body, "id"));
	if (store_run(ctx.store, STORE_TX_READ, read_stored, &st) != STORE_TX_KEEP)
		FAIL("cannot read %s/%lld back", st.kind, (long long)st.id);
	if (r->handler == api_record_delete) {
		if (st.data)
			FAIL("%s/%lld is still there after a 204 for its removal", st.kind, (long long)st.id);
		return;
	}
	shown = json_deep_copy(body);
	for (const char *const *m = meta; *m; m++)
		json_object_del(shown, *m);
	if (!st.data || !json_equal(st.data, shown))
		FAIL("%s/%lld is not stored as its %u reply showed", st.kind, (long long)st.id, status);
	json_decref(shown);
	json_decref(st.data);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data;
	size_t n = size, len = 0, wl, ri;
	const char *line = "", *w;
	enum who who = WHO_CLIENT;
	int csrf = 1;
	const struct route *r;
	struct buf target = BUF_INIT, body = BUF_INIT, headers = BUF_INIT;
	struct reply rep;
	int64_t started, id, ids[ROUTE_MAX_IDS] = { 0 };
	int n_ids = 0, has_word;

	if (!size)
		return 0;
	next_line(&p, &n, &line, &len);
	ri = pick_route(line, len, data[0]);
	r = &api_routes[ri];

	/* Who asks, and the ids. */
	len = 0;
	next_line(&p, &n, &line, &len);
	if (next_word(&line, &len, &w, &wl)) {
		if (w[wl - 1] == '!')
			csrf = 0, wl--;
		who = (enum who)((unsigned char)w[0] % (N_PEOPLE + 1));
		for (int i = 0; i <= N_PEOPLE; i++)
			if (word_is(w, wl, who_names[i]))
				who = (enum who)i;
	}
	for (const char *pat = r->pattern; *pat;) {
		const char *open = strchr(pat, '{'), *close;

		if (!open) {
			buf_adds(&target, pat);
			break;
		}
		close = strchr(open, '}');
		buf_add(&target, pat, (size_t)(open - pat));
		has_word = next_word(&line, &len, &w, &wl);
		id = fill_id(&target, ri, !strncmp(open, "{client}", 8), has_word ? w : NULL, has_word ? wl : 0);
		if (n_ids < ROUTE_MAX_IDS)
			ids[n_ids++] = id == -1 ? (who == WHO_NOBODY ? 0 : people[who].id) : id;
		pat = close + 1;
	}

	/* The query, the headers, then the body. */
	if (next_line(&p, &n, &line, &len) && len) {
		buf_addch(&target, '?');
		add_encoded(&target, line, len, "-._~%&=+,;:@/!$'()*");
	}
	len = 0;
	next_line(&p, &n, &line, &len);
	add_headers(&headers, line, len);
	started = time_monotonic_ms();
	/* "$code" in the body stands for the newest invitation's code. */
	for (const uint8_t *at; (at = n >= 5 ? memmem(p, n, "$code", 5) : NULL);) {
		buf_add(&body, p, (size_t)(at - p));
		buf_adds(&body, invitation_code);
		n -= (size_t)(at - p) + 5;
		p = at + 5;
	}
	buf_add(&body, p, n);
	exchange(http_method_name(r->method), target.data, who, csrf, headers.data, body.data, body.len, &rep);

	if (verbose)
		fprintf(stderr, "fuzz_routes: %s %s as %s%s -> %u in %lld ms %.*s\n", http_method_name(r->method),
			target.data, who_names[who],
			csrf ? "" : " (no token)", rep.status, (long long)(time_monotonic_ms() - started),
			(int)(rep.body.len > 300 ? 300 : rep.body.len), rep.body.data);
	if (rep.status == 500)
		FAIL("500 for %s %s: %.*s", http_method_name(r->method), target.data, (int)rep.body.len, rep.body.data);
	if (rep.status < 200 || rep.status > 599)
		FAIL("status %u for %s %s", rep.status, http_method_name(r->method), target.data);
	/* Without a session only the public routes answer; without the token nothing changes. */
	if (rep.status < 400 && !(r->flags & ROUTE_PUBLIC) && (who == WHO_NOBODY || (!csrf && r->method != METHOD_GET)))
		FAIL("%u for %s %s as %s%s", rep.status, http_method_name(r->method), target.data, who_names[who],
		     csrf ? "" : " without the anti-forgery token");
	if (rep.status == 200 && rep.body.len > 3 && !memcmp(rep.body.data, "\xff\xd8\xff", 3)) {
		/* A wound photo: an image, not JSON. */
	} else if (rep.body.len) {
		json_t *j = json_loadb(rep.body.data, rep.body.len, JSON_DECODE_ANY, NULL);
		const char *code = json_string_value(json_object_get(j, "code"));

		if (!j)
			FAIL("a reply that is not JSON for %s %s: %.*s", http_method_name(r->method), target.data,
			     (int)rep.body.len, rep.body.data);
		if (rep.status == 201 && code && strlen(code) == TOKEN_CHARS)
			memcpy(invitation_code, code, TOKEN_CHARS + 1);
		if (rep.status >= 400)
			error_reply_is_tabled(rep.status, j, r, &target);
		reply_was_committed(r, rep.status, j, ids[0], ids[1]);
		json_decref(j);
	} else if (rep.status >= 400) {
		FAIL("%u without a body for %s %s", rep.status, http_method_name(r->method), target.data);
	} else {
		reply_was_committed(r, rep.status, NULL, ids[0], ids[1]);
	}
	reply_release(&rep);
	buf_release(&target);
	buf_release(&body);
	buf_release(&headers);

	/* What this input changed that the next one should not inherit. */
	if (r->method != METHOD_GET)
		keep_sessions();
	if (++since_reset >= RESET_EVERY)
		reset();
	if (since_reset == 0 || ++since_refresh >= POOL_REFRESH_EVERY)
		refresh_pools();
	return 0;
}
