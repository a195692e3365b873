/* Uploaded photos made safe to store: see image_clean.h. */
#include "media/image_clean.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <vips/vips.h>

#include "util/buf.h"
#include "util/log.h"

/*
 * libvips' own worker threads per pipeline. The server runs cleans on its
 * request threads, several at once on a machine of a few cores, so one
 * worker each keeps a clean to about one core and leaves the others to
 * the requests and the store; a single photo is small work anyway.
 */
#define VIPS_THREADS 1

enum kind {
	KIND_NONE,
	KIND_JPEG,
	KIND_PNG,
};

static pthread_once_t vips_once = PTHREAD_ONCE_INIT;
static int vips_started = -1;          /* 0 once started; set in vips_once */
static atomic_bool vips_stopped;

/* libvips' warnings (a damaged but readable image, a profile it ignores) are a client's matter. */
static void on_vips_log(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
	(void)level;
	(void)data;
	info("image: %s: %s", domain ? domain : "glib", message);
}

static void start_vips(void)
{
	if (VIPS_INIT("roer")) {
		error("cannot start libvips: %s", vips_error_buffer());
		vips_error_clear();
		return;
	}
	vips_concurrency_set(VIPS_THREADS);
	/*
	 * No operation cache. libvips keeps the results of recent operations,
	 * keyed by their arguments, to reuse them: an upload's image would
	 * outlive the request in it (memory no request accounts for), and the
	 * buffer loaders key on the address of the caller's bytes, which are
	 * freed and reused by the next upload, so a later call could be handed
	 * another upload's image. Every clean here is new work: nothing to reuse.
	 */
	vips_cache_set_max(0);
	vips_cache_set_max_mem(0);
	vips_cache_set_max_files(0);
	/*
	 * Only the JPEG and PNG buffer loaders may run, whatever calls for a
	 * loader: not SVG, PDF, ImageMagick or the others libvips carries,
	 * each a parser of its own. The operations libvips marks untrusted are
	 * blocked as well, should one of them be unblocked here one day.
	 */
	vips_block_untrusted_set(TRUE);
	vips_operation_block_set("VipsForeignLoad", TRUE);
	vips_operation_block_set("VipsForeignLoadJpegBuffer", FALSE);
	vips_operation_block_set("VipsForeignLoadPngBuffer", FALSE);
	g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, on_vips_log, NULL);
	vips_started = 0;
}

int image_clean_init(void)
{
	pthread_once(&vips_once, start_vips);
	if (atomic_load(&vips_stopped))
		return -1;
	return vips_started;
}

void image_clean_shutdown(void)
{
	if (atomic_exchange(&vips_stopped, true))
		return;
	/* Marks the once as run, so a libvips never started is not started now. */
	pthread_once(&vips_once, start_vips);
	if (!vips_started)
		vips_shutdown();
}

static enum kind sniff(const unsigned char *p, size_t len)
{
	static const unsigned char jpeg[] = { 0xFF, 0xD8, 0xFF };
	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

	if (len >= sizeof(jpeg) && !memcmp(p, jpeg, sizeof(jpeg)))
		return KIND_JPEG;
	if (len >= sizeof(png) && !memcmp(p, png, sizeof(png)))
		return KIND_PNG;
	return KIND_NONE;
}

/* The kind a Content-Type names ("image/jpeg; x=y", any case), or KIND_NONE. */
static enum kind declared_kind(const char *type)
{
	static const struct {
		const char *name;
		enum kind kind;
	} types[] = {
		{ "image/jpeg", KIND_JPEG },
		{ "image/png", KIND_PNG },
	};
	size_t n;

	type += strspn(type, " \t");
	n = strcspn(type, "; \t");
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (n == strlen(types[i].name) && !strncasecmp(type, types[i].name, n))
			return types[i].kind;
	return KIND_NONE;
}

/*
 * Moves libvips' error message (per process, not per thread) to the log
 * as a client's matter, and clears it.
 */
static void log_vips_error(const char *what)
{
	char *msg = vips_error_buffer_copy();
	size_t n = strlen(msg);

	while (n && msg[n - 1] == '\n')
		msg[--n] = '\0';
	info("image: %s: %s", what, n ? msg : "no detail");
	g_free(msg);
}

/*
 * Opens the upload with its own loader. Only the header is read here: the
 * loader is lazy, and decodes pixels only when an operation downstream
 * asks for them. Sequential access means the decoder then runs once, top
 * to bottom, into a small window of strips, rather than into a whole copy
 * of the image made first. Decoding stops at a truncation or a decoder
 * error (fail_on=error); warnings pass, as some cameras write JPEGs that
 * libjpeg warns about ("extraneous bytes before marker") and that every
 * viewer shows, and a photo that cannot be taken again is worth keeping.
 */
static int open_upload(const void *data, size_t len, enum kind kind, VipsImage **out)
{
	/* The loaders only read the bytes, and do not copy them: `data` outlives *out. */
	void *bytes = (void *)data;

	if (kind == KIND_JPEG)
		return vips_jpegload_buffer(bytes, len, out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
					    VIPS_FAIL_ON_ERROR, NULL);
	return vips_pngload_buffer(bytes, len, out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on", VIPS_FAIL_ON_ERROR,
				   NULL);
}

/*
 * Brings `in` to what a JPEG holds: 8-bit sRGB (or grey), an embedded
 * colour profile applied rather than dropped (a phone's Display P3 photo
 * would look dull without it), transparency flattened onto white. Every
 * step works on strips, so a sequential image stays sequential. The
 * images made are owned by `ctx`.
 */
static int to_srgb(VipsObject *ctx, VipsImage *in, VipsImage **out)
{
	VipsImage **t = (VipsImage **)vips_object_local_array(ctx, 4);
	VipsImage *x = in;

	if (vips_image_hasalpha(x)) {
		double white = x->BandFmt == VIPS_FORMAT_USHORT ? 65535 : 255;
		VipsArrayDouble *bg = vips_array_double_newv(1, white);
		int rc = vips_flatten(x, &t[0], "background", bg, "max_alpha", white, NULL);

		vips_area_unref(VIPS_AREA(bg));
		if (rc)
			return -1;
		x = t[0];
	}
	if (vips_image_get_typeof(x, VIPS_META_ICC_NAME)) {
		if (!vips_icc_transform(x, &t[1], "srgb", "embedded", TRUE, "depth", 8, NULL)) {
			x = t[1];
		} else {
			/* A profile lcms cannot use: the pixels are taken as they are. */
			log_vips_error("colour profile ignored");
		}
	}
	if (x->Type != VIPS_INTERPRETATION_sRGB && x->Type != VIPS_INTERPRETATION_B_W) {
		/* CMYK, 16-bit RGB or grey: a conversion that scales, not a cast that clips. */
		if (vips_colourspace(x, &t[2], x->Bands < 3 ? VIPS_INTERPRETATION_B_W : VIPS_INTERPRETATION_sRGB,
				     NULL))
			return -1;
		x = t[2];
	}
	if (x->BandFmt != VIPS_FORMAT_UCHAR || (x->Bands != 1 && x->Bands != 3)) {
		vips_error("image_clean", "%d bands of format %d cannot be a JPEG", x->Bands, (int)x->BandFmt);
		return -1;
	}
	*out = x;
	g_object_ref(x);
	return 0;
}

/* Encodes `in` as a baseline JPEG with no metadata into a malloc'd copy (libvips' buffer is g_malloc'd). */
static int save_jpeg(VipsImage *in, int quality, unsigned char **data, size_t *len)
{
	void *buf = NULL;
	size_t n = 0;

	/* strip: libvips 8.14's way to write no EXIF, XMP, IPTC, ICC or comment (8.15 calls it keep=none). */
	if (vips_jpegsave_buffer(in, &buf, &n, "Q", quality, "strip", TRUE, "optimize_coding", TRUE, "interlace",
				 FALSE, NULL))
		return -1;
	*data = xmalloc(n);
	memcpy(*data, buf, n);
	*len = n;
	g_free(buf);
	return 0;
}

/*
 * The thumbnail, made from the clean JPEG (never from the upload): the
 * JPEG decoder shrinks by a power of two as it reads, which costs far less
 * than decoding it whole, and the rest is resampled.
 */
static int make_thumb(VipsObject *ctx, struct image_clean_result *r, unsigned thumb_width)
{
	VipsImage **t = (VipsImage **)vips_object_local_array(ctx, 2);
	uint64_t w = r->width, h = r->height, box_w = thumb_width, box_h = 2 * (uint64_t)thumb_width;
	uint64_t need_w = w, need_h = h;
	int shrink = 1;

	/* The thumbnail's size: the side that meets the box first sets the scale. */
	if (w > box_w || h > box_h) {
		if (box_w * h <= box_h * w) {
			need_w = box_w;
			need_h = (h * box_w + w - 1) / w;
		} else {
			need_h = box_h;
			need_w = (w * box_h + h - 1) / h;
		}
	}
	/* The largest shrink on load (1, 2, 4 or 8) that leaves at least that much to resample from. */
	while (shrink < 8 && w / (uint64_t)(shrink * 2) >= need_w && h / (uint64_t)(shrink * 2) >= need_h)
		shrink *= 2;
	if (vips_jpegload_buffer(r->data, r->len, &t[0], "access", VIPS_ACCESS_SEQUENTIAL, "shrink", shrink,
				 "fail_on", VIPS_FAIL_ON_ERROR, NULL) ||
	    vips_thumbnail_image(t[0], &t[1], (int)box_w, "height", (int)box_h, "size", VIPS_SIZE_DOWN, NULL) ||
	    save_jpeg(t[1], IMAGE_CLEAN_THUMB_QUALITY, &r->thumb, &r->thumb_len))
		return -1;
	r->thumb_width = (unsigned)vips_image_get_width(t[1]);
	r->thumb_height = (unsigned)vips_image_get_height(t[1]);
	return 0;
}

static enum image_clean_status clean(VipsObject *ctx, const void *data, size_t len, enum kind kind,
				     const struct image_clean_options *o, struct image_clean_result *r)
{
	VipsImage **t = (VipsImage **)vips_object_local_array(ctx, 4);
	VipsImage *x;
	uint64_t w, h;

	if (open_upload(data, len, kind, &t[0])) {
		log_vips_error("cannot read the header");
		return IMAGE_CLEAN_CORRUPT;
	}
	/*
	 * Nothing is decoded yet: the header alone tells the size. This check
	 * is the only guard against a flood: a JPEG whose scan ends (EOI)
	 * long before the rows its header claims is not truncated to libjpeg,
	 * only warned about, and decodes as grey. Without the check a 16 × 16
	 * JPEG claiming 12000 × 12000 was decoded whole (2.8 s, 600 MB peak
	 * under ASan).
	 */
	w = (uint64_t)vips_image_get_width(t[0]);
	h = (uint64_t)vips_image_get_height(t[0]);
	if (w * h > o->max_pixels) {
		info("image: refused, %llu x %llu pixels: over %llu", (unsigned long long)w, (unsigned long long)h,
		     (unsigned long long)o->max_pixels);
		return IMAGE_CLEAN_TOO_MANY_PIXELS;
	}
	if (w > o->max_side || h > o->max_side) {
		info("image: refused, %llu x %llu pixels: a side is over %u", (unsigned long long)w,
		     (unsigned long long)h, o->max_side);
		return IMAGE_CLEAN_BAD_SIZE;
	}
	if (to_srgb(ctx, t[0], &t[1])) {
		log_vips_error("cannot convert the colours");
		return IMAGE_CLEAN_CORRUPT;
	}
	x = t[1];
	if (vips_image_get_orientation(x) != 1) {
		/*
		 * Turning reads the image in another order than it is decoded,
		 * which a sequential decoder cannot serve: decode it whole first
		 * (its size was checked, and it is 8-bit by now). A decoder error
		 * surfaces here.
		 */
		if (!(t[2] = vips_image_copy_memory(x))) {
			log_vips_error("cannot decode");
			return IMAGE_CLEAN_CORRUPT;
		}
		if (vips_autorot(t[2], &t[3], NULL)) {
			log_vips_error("cannot turn upright");
			return IMAGE_CLEAN_INTERNAL;
		}
		x = t[3];
	}
	/* An upright image is decoded here, strip by strip, as the encoder asks. */
	if (save_jpeg(x, o->quality, &r->data, &r->len)) {
		log_vips_error("cannot decode or encode");
		return IMAGE_CLEAN_CORRUPT;
	}
	r->width = (unsigned)vips_image_get_width(x);
	r->height = (unsigned)vips_image_get_height(x);
	r->content_type = "image/jpeg";
	if (make_thumb(ctx, r, o->thumb_width)) {
		log_vips_error("cannot make the thumbnail");
		return IMAGE_CLEAN_INTERNAL;
	}
	return IMAGE_CLEAN_OK;
}

enum image_clean_status image_clean(const void *data, size_t len, const char *declared_type,
				    const struct image_clean_options *opts, struct image_clean_result *out)
{
	struct image_clean_options o = { IMAGE_CLEAN_MAX_PIXELS, IMAGE_CLEAN_MAX_SIDE, IMAGE_CLEAN_THUMB_WIDTH,
					 IMAGE_CLEAN_QUALITY };
	enum image_clean_status rc;
	enum kind kind;
	VipsObject *ctx;

	memset(out, 0, sizeof(*out));
	if (opts) {
		if (opts->max_pixels)
			o.max_pixels = opts->max_pixels;
		if (opts->max_side)
			o.max_side = opts->max_side;
		if (opts->thumb_width)
			o.thumb_width = opts->thumb_width;
		if (opts->quality >= 1 && opts->quality <= 100)
			o.quality = opts->quality;
	}
	if (!len)
		return IMAGE_CLEAN_EMPTY;
	kind = sniff(data, len);
	if (kind == KIND_NONE)
		return IMAGE_CLEAN_NOT_AN_IMAGE;
	if (declared_type && declared_kind(declared_type) != kind)
		return IMAGE_CLEAN_TYPE_MISMATCH;
	if (image_clean_init())
		return IMAGE_CLEAN_INTERNAL;
	/* Owns every image of this call: one unref frees them all, whichever way it ends. */
	ctx = VIPS_OBJECT(vips_image_new());
	rc = clean(ctx, data, len, kind, &o, out);
	g_object_unref(ctx);
	if (rc < 0)
		image_clean_result_release(out);
	return rc;
}

void image_clean_result_release(struct image_clean_result *r)
{
	free(r->data);
	free(r->thumb);
	memset(r, 0, sizeof(*r));
}

const char *image_clean_reason(enum image_clean_status status)
{
	switch (status) {
	case IMAGE_CLEAN_OK:
		return "ok";
	case IMAGE_CLEAN_EMPTY:
		return "empty";
	case IMAGE_CLEAN_NOT_AN_IMAGE:
		return "not_an_image";
	case IMAGE_CLEAN_TYPE_MISMATCH:
		return "type_mismatch";
	case IMAGE_CLEAN_TOO_MANY_PIXELS:
		return "too_many_pixels";
	case IMAGE_CLEAN_BAD_SIZE:
		return "bad_size";
	case IMAGE_CLEAN_CORRUPT:
		return "corrupt";
	case IMAGE_CLEAN_INTERNAL:
		return "internal";
	}
	return "unknown";
}
