#ifndef ROER_MEDIA_IMAGE_CLEAN_H
#define ROER_MEDIA_IMAGE_CLEAN_H

#include <stddef.h>
#include <stdint.h>

/*
 * Makes an uploaded photo (a JPEG or PNG from a phone camera) safe to store
 * and to serve, with libvips.
 *
 * The bytes decide what the upload is, never its name or declared type:
 * only a JPEG (FF D8 FF) or a PNG (89 50 4E 47 0D 0A 1A 0A) is taken, and
 * only libvips' JPEG and PNG loaders ever see it (every other loader is
 * blocked for the process). Its size is read from the header and checked
 * before a pixel is decoded. The pixels are then decoded (a truncated or
 * corrupt image fails, it is never half read), turned upright by its EXIF
 * orientation, brought to 8-bit sRGB (an embedded colour profile applied,
 * transparency flattened onto white) and encoded again as a baseline JPEG
 * without any metadata: no EXIF (so no GPS position, camera serial or
 * time), no XMP, no IPTC, no ICC profile, no comments, and nothing that
 * followed the image in the upload. A thumbnail is made from the clean
 * image.
 *
 * Every result is a JPEG, PNG uploads too: wound photos are photographs,
 * which JPEG stores at a fraction of PNG's size; one output type means one
 * encoder and one content type to serve; and none of PNG's text, EXIF and
 * colour chunks can come through. A screenshot loses a little sharpness,
 * which is acceptable here.
 *
 * Thread-safe: any number of threads may clean images at once. Memory: an
 * image that has to be turned (any EXIF orientation but 1, common for
 * phone photos) is held whole in memory once decoded, 3 bytes a pixel
 * (120 MB at the default limit of 40 megapixels); an upright one streams
 * through the encoder a strip at a time. A caller serving uploads bounds
 * how many run at once.
 */

#define IMAGE_CLEAN_MAX_PIXELS (40ull * 1000 * 1000)  /* width × height */
#define IMAGE_CLEAN_MAX_SIDE 16384u                    /* either side, in pixels */
#define IMAGE_CLEAN_THUMB_WIDTH 320u
#define IMAGE_CLEAN_QUALITY 85                         /* JPEG quality of the clean image */
#define IMAGE_CLEAN_THUMB_QUALITY 80

/* What became of an upload. Failures are negative: callers test `< 0`. */
enum image_clean_status {
	IMAGE_CLEAN_OK = 0,
	IMAGE_CLEAN_EMPTY = -1,             /* no bytes */
	IMAGE_CLEAN_NOT_AN_IMAGE = -2,      /* the bytes begin as neither a JPEG nor a PNG */
	IMAGE_CLEAN_TYPE_MISMATCH = -3,     /* the declared type is not the one the bytes are */
	IMAGE_CLEAN_TOO_MANY_PIXELS = -4,   /* width × height over the limit (a pixel flood) */
	IMAGE_CLEAN_BAD_SIZE = -5,          /* a side over the limit */
	IMAGE_CLEAN_CORRUPT = -6,           /* the header or the pixels cannot be read: corrupt or truncated */
	IMAGE_CLEAN_INTERNAL = -7,          /* libvips could not start or failed on a good image: our fault */
};

/* Limits and settings of one call; a zero field takes the default above. */
struct image_clean_options {
	uint64_t max_pixels;
	unsigned max_side;
	unsigned thumb_width;   /* the thumbnail fits thumb_width × 2·thumb_width, never enlarged */
	int quality;            /* 1 to 100 */
};

/*
 * A clean image and its thumbnail, both JPEG. Zero it (or use
 * IMAGE_CLEAN_RESULT_INIT) before image_clean(); after it, the caller owns
 * `data` and `thumb` and frees them with image_clean_result_release().
 */
struct image_clean_result {
	unsigned char *data;        /* the clean image; NULL unless IMAGE_CLEAN_OK */
	size_t len;
	unsigned width, height;     /* upright */
	unsigned char *thumb;       /* its thumbnail, same content type */
	size_t thumb_len;
	unsigned thumb_width, thumb_height;
	const char *content_type;   /* static, "image/jpeg": the type to serve both with */
};
#define IMAGE_CLEAN_RESULT_INIT { 0 }

/*
 * Starts libvips for the process, once, whichever thread calls first:
 * image_clean() calls it too, so calling it is optional, but a server
 * calls it at start to fail there rather than on the first upload.
 * Returns 0, or -1 after logging why (every later call returns -1 too).
 */
int image_clean_init(void);

/*
 * Stops libvips (frees its caches, threads and type data) at process
 * exit. Call it once, when no image_clean() runs and none will: libvips
 * cannot be started again, and image_clean() returns IMAGE_CLEAN_INTERNAL
 * after it. Harmless when libvips was never started.
 */
void image_clean_shutdown(void);

/*
 * Cleans `len` bytes of an upload (borrowed; only read) into `out`.
 * `declared_type` is the Content-Type the client sent, or NULL: it is not
 * trusted, only compared, and an upload whose bytes are not of that type
 * is refused (IMAGE_CLEAN_TYPE_MISMATCH; "image/jpeg" and "image/png" are
 * the types known, parameters and case ignored). `opts` may be NULL for
 * the defaults. Returns IMAGE_CLEAN_OK with `out` filled, or a negative
 * status with `out` left empty (nothing to release, though releasing does
 * no harm).
 */
enum image_clean_status image_clean(const void *data, size_t len, const char *declared_type,
				    const struct image_clean_options *opts, struct image_clean_result *out);

/* Frees what `r` holds and zeroes it; `r` may be released twice. */
void image_clean_result_release(struct image_clean_result *r);

/*
 * A stable lowercase code for a status ("not_an_image", "too_many_pixels",
 * ...), for an API error's message or a log line. Static; never NULL.
 */
const char *image_clean_reason(enum image_clean_status status);

#endif
