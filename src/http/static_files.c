/* The built front end (web/dist), served read-only. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "http/dispatch.h"
#include "http/reply.h"
#include "http/request.h"
#include "util/buf.h"

static const struct {
	const char *ext;
	const char *type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".json", "application/json; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".map", "application/json; charset=utf-8" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".woff2", "font/woff2" },
};

static const char *type_of(const char *path)
{
	const char *dot = strrchr(path, '.');

	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(dot, types[i].ext))
			return types[i].type;
	return NULL;
}

/* Only plain names: letters, digits, '-', '_', '.', '/', and no ".." segment or hidden file. */
static int safe_path(const char *p)
{
	if (p[0] != '/' || strstr(p, "/.") || strstr(p, "//"))
		return 0;
	for (; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_' || *p == '.' || *p == '/'))
			return 0;
	return 1;
}

/*
 * Opens `file` only when it lies inside `root` once every symlink on the
 * way is resolved: a symlinked folder inside the web folder must not lead
 * out of it (O_NOFOLLOW guards only the last name). Returns a descriptor,
 * or -1 when the file is not there or lies elsewhere.
 */
static int open_beneath(const char *root, const char *file)
{
	char *real_root = realpath(root, NULL), *real_file = realpath(file, NULL);
	size_t n = real_root ? strlen(real_root) : 0;
	int fd = -1;

	if (real_root && real_file && !strncmp(real_file, real_root, n) && real_file[n] == '/')
		fd = open(real_file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	free(real_root);
	free(real_file);
	return fd;
}

void static_serve(struct request *req)
{
	const char *path = strcmp(req->path, "/") ? req->path : "/index.html";
	struct buf full = BUF_INIT;
	struct stat st;
	const char *type;
	int fd;

	if (!(req->method & (METHOD_GET | METHOD_HEAD))) {
		snprintf(req->allow, sizeof(req->allow), "GET, HEAD");
		reply_error(req, ERR_METHOD_NOT_ALLOWED, NULL, "static files are read-only");
		return;
	}
	if (!safe_path(path) || !(type = type_of(path))) {
		reply_error(req, ERR_NOT_FOUND, NULL, "no such file");
		return;
	}
	buf_addf(&full, "%s%s", req->srv->cfg->web_dir, path);
	fd = open_beneath(req->srv->cfg->web_dir, full.data);
	buf_release(&full);
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		reply_error(req, ERR_NOT_FOUND, NULL, "no such file");
		return;
	}
	req->file_fd = fd;
	req->file_size = (uint64_t)st.st_size;
	req->content_type = type;
	req->replied = true;
	req->status = 200;
}
