/*
 * Uploaded photos made safe (src/media/image_clean.c). Every test image is
 * made here: pixels by libvips, metadata segments and chunks by hand, so
 * each holds exactly what the test says it holds (and the test checks
 * that libvips reads it from the input before checking it is gone).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <vips/vips.h>
#include <zlib.h>

#include "media/image_clean.h"
#include "util/buf.h"
#include "util/log.h"

/* ---- making test images ---- */

/* Pixels made by `paint`, 3 bands, encoded by libvips' saver `save` ("jpeg" or "png") into `out`. */
typedef void paint_fn(unsigned x, unsigned y, unsigned char rgb[3]);

static void encode(VipsImage *img, const char *type, struct buf *out)
{
	void *data = NULL;
	size_t len = 0;
	int rc;

	if (!strcmp(type, "jpeg"))
		rc = vips_jpegsave_buffer(img, &data, &len, "Q", 90, NULL);
	else
		rc = vips_pngsave_buffer(img, &data, &len, NULL);
	if (rc)
		fail_msg("cannot encode a test image: %s", vips_error_buffer());
	buf_init(out, len);
	buf_add(out, data, len);
	g_free(data);
}

static VipsImage *painted(unsigned w, unsigned h, unsigned bands, paint_fn *paint)
{
	unsigned char *px = xmalloc((size_t)w * h * bands);
	VipsImage *img;

	for (unsigned y = 0; y < h; y++)
		for (unsigned x = 0; x < w; x++) {
			unsigned char rgb[3];
			unsigned char *p = px + ((size_t)y * w + x) * bands;

			paint(x, y, rgb);
			memcpy(p, rgb, bands < 3 ? bands : 3);
			if (bands == 4) /* alpha: the left half transparent */
				p[3] = x < w / 2 ? 0 : 255;
		}
	img = vips_image_new_from_memory_copy(px, (size_t)w * h * bands, (int)w, (int)h, (int)bands,
					      VIPS_FORMAT_UCHAR);
	free(px);
	assert_non_null(img);
	return img;
}

static void make_image(const char *type, unsigned w, unsigned h, paint_fn *paint, struct buf *out)
{
	VipsImage *img = painted(w, h, 3, paint);

	encode(img, type, out);
	g_object_unref(img);
}

static void paint_grey(unsigned x, unsigned y, unsigned char rgb[3])
{
	rgb[0] = rgb[1] = rgb[2] = (unsigned char)((x + y) & 0xff);
}

/* Left half red, right half blue: shows which way an image was turned. */
static void paint_halves(unsigned x, unsigned y, unsigned char rgb[3])
{
	(void)y;
	rgb[0] = x < 100 ? 255 : 0;
	rgb[1] = 0;
	rgb[2] = x < 100 ? 0 : 255;
}

static void paint_green(unsigned x, unsigned y, unsigned char rgb[3])
{
	(void)x;
	(void)y;
	rgb[0] = 0;
	rgb[1] = 200;
	rgb[2] = 0;
}

/* Noise compresses badly, so a JPEG of it is mostly entropy-coded data: a cut lands in the pixels. */
static void paint_noise(unsigned x, unsigned y, unsigned char rgb[3])
{
	uint32_t v = (x * 2654435761u) ^ (y * 2246822519u);

	v ^= v >> 13;
	v *= 3266489917u;
	v ^= v >> 16;
	rgb[0] = (unsigned char)v;
	rgb[1] = (unsigned char)(v >> 8);
	rgb[2] = (unsigned char)(v >> 16);
}

static void put16be(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static void put32be(unsigned char *p, uint32_t v)
{
	put16be(p, v >> 16);
	put16be(p + 2, v & 0xffff);
}

/* A JPEG marker segment: FF, marker, a length that counts itself, the payload. */
static void add_segment(struct buf *b, unsigned char marker, const void *payload, size_t len)
{
	unsigned char head[4] = { 0xFF, marker };

	put16be(head + 2, (unsigned)len + 2);
	buf_add(b, head, 4);
	buf_add(b, payload, len);
}

/* `jpeg` with `segments` (whole marker segments) put right after its SOI. */
static void insert_after_soi(struct buf *jpeg, const struct buf *segments)
{
	struct buf out;

	buf_init(&out, jpeg->len + segments->len);
	buf_add(&out, jpeg->data, 2);
	buf_add(&out, segments->data, segments->len);
	buf_add(&out, jpeg->data + 2, jpeg->len - 2);
	buf_release(jpeg);
	*jpeg = out;
}

/* Little-endian TIFF helpers for the EXIF block. */
static void put16le(struct buf *b, size_t at, unsigned v)
{
	b->data[at] = (char)(v & 0xff);
	b->data[at + 1] = (char)(v >> 8);
}

static void put32le(struct buf *b, size_t at, uint32_t v)
{
	put16le(b, at, v & 0xffff);
	put16le(b, at + 2, v >> 16);
}

/* One 12-byte IFD entry at `at`: tag, type, count, value or offset. */
static void ifd_entry(struct buf *b, size_t at, unsigned tag, unsigned type, uint32_t count, uint32_t value)
{
	put16le(b, at, tag);
	put16le(b, at + 2, type);
	put32le(b, at + 4, count);
	put32le(b, at + 8, value);
}

#define GPS_DATUM "ROER-SECRET-GPS-DATUM"

/*
 * An APP1 EXIF segment: IFD0 with the orientation and, when `gps`, a GPS
 * IFD with a position (52°22'N 4°53'E) and a map datum whose text is easy
 * to look for.
 */
static void add_exif(struct buf *segments, unsigned orientation, int gps)
{
	enum { TYPE_BYTE = 1, TYPE_ASCII = 2, TYPE_SHORT = 3, TYPE_LONG = 4, TYPE_RATIONAL = 5 };
	struct buf t;
	size_t ifd0 = 8, n0 = gps ? 2 : 1, gps_ifd = ifd0 + 2 + n0 * 12 + 4, n_gps = 6;
	size_t lat = gps_ifd + 2 + n_gps * 12 + 4, lon = lat + 24, datum = lon + 24;
	size_t end = gps ? datum + sizeof(GPS_DATUM) : gps_ifd;
	static const uint32_t lat_v[6] = { 52, 1, 22, 1, 1234, 100 }, lon_v[6] = { 4, 1, 53, 1, 5678, 100 };

	buf_init(&t, end + 6);
	buf_add(&t, "Exif\0\0", 6);
	buf_grow(&t, end);
	memset(t.data + 6, 0, end);
	t.len = 6 + end;
	{
		/* Offsets in the TIFF block count from its start, 6 bytes into the segment. */
		struct buf tiff = { 0, end, t.data + 6 };

		memcpy(tiff.data, "II*\0", 4);
		put32le(&tiff, 4, (uint32_t)ifd0);
		put16le(&tiff, ifd0, (unsigned)n0);
		ifd_entry(&tiff, ifd0 + 2, 0x0112, TYPE_SHORT, 1, orientation);
		if (gps) {
			ifd_entry(&tiff, ifd0 + 14, 0x8825, TYPE_LONG, 1, (uint32_t)gps_ifd);
			put16le(&tiff, gps_ifd, (unsigned)n_gps);
			ifd_entry(&tiff, gps_ifd + 2, 0x0000, TYPE_BYTE, 4, 0x00000202); /* version 2.2.0.0 */
			ifd_entry(&tiff, gps_ifd + 14, 0x0001, TYPE_ASCII, 2, 'N');
			ifd_entry(&tiff, gps_ifd + 26, 0x0002, TYPE_RATIONAL, 3, (uint32_t)lat);
			ifd_entry(&tiff, gps_ifd + 38, 0x0003, TYPE_ASCII, 2, 'E');
			ifd_entry(&tiff, gps_ifd + 50, 0x0004, TYPE_RATIONAL, 3, (uint32_t)lon);
			ifd_entry(&tiff, gps_ifd + 62, 0x0012, TYPE_ASCII, sizeof(GPS_DATUM), (uint32_t)datum);
			for (int i = 0; i < 6; i++) {
				put32le(&tiff, lat + 4 * (size_t)i, lat_v[i]);
				put32le(&tiff, lon + 4 * (size_t)i, lon_v[i]);
			}
			memcpy(tiff.data + datum, GPS_DATUM, sizeof(GPS_DATUM));
		}
	}
	add_segment(segments, 0xE1, t.data, t.len);
	buf_release(&t);
}

#define XMP_SECRET "ROER-SECRET-XMP"
#define IPTC_SECRET "ROER-SECRET-IPTC"
#define COMMENT_SECRET "ROER-SECRET-COMMENT"

static void add_xmp(struct buf *segments)
{
	struct buf x = BUF_INIT;

	buf_add(&x, "http://ns.adobe.com/xap/1.0/", 29); /* with its NUL */
	buf_adds(&x, "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
		     "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description "
		     "xmlns:exif='http://ns.adobe.com/exif/1.0/' exif:GPSLatitude='52,22.2N' "
		     "exif:GPSLongitude='4,53.9E' exif:UserComment='" XMP_SECRET "'/></rdf:RDF></x:xmpmeta>");
	add_segment(segments, 0xE1, x.data, x.len);
	buf_release(&x);
}

/* APP13: a Photoshop resource block holding IPTC (record 2, object name). */
static void add_iptc(struct buf *segments)
{
	struct buf p = BUF_INIT;
	unsigned char rec[5] = { 0x1C, 0x02, 0x05 }, size[4];
	size_t n = strlen(IPTC_SECRET);

	put16be(rec + 3, (unsigned)n);
	buf_add(&p, "Photoshop 3.0", 14);
	buf_add(&p, "8BIM\x04\x04\0\0", 8);
	put32be(size, (uint32_t)(n + 5));
	buf_add(&p, size, 4);
	buf_add(&p, rec, 5);
	buf_add(&p, IPTC_SECRET, n);
	if ((n + 5) % 2)
		buf_addch(&p, '\0');
	add_segment(segments, 0xED, p.data, p.len);
	buf_release(&p);
}

/* A JPEG encoded with libvips' own sRGB profile embedded (APP2 ICC_PROFILE). */
static void make_jpeg_with_icc(unsigned w, unsigned h, paint_fn *paint, struct buf *out)
{
	VipsImage *img = painted(w, h, 3, paint), *tagged = NULL;

	if (vips_icc_transform(img, &tagged, "srgb", "input_profile", "srgb", NULL))
		fail_msg("cannot attach a profile: %s", vips_error_buffer());
	assert_true(vips_image_get_typeof(tagged, VIPS_META_ICC_NAME) != 0);
	encode(tagged, "jpeg", out);
	g_object_unref(tagged);
	g_object_unref(img);
}

/* Sets the size a JPEG's SOF claims (its pixels stay the few it has). */
static void jpeg_claim_size(struct buf *jpeg, unsigned w, unsigned h)
{
	unsigned char *p = (unsigned char *)jpeg->data;
	size_t i = 2;

	while (i + 9 < jpeg->len && p[i] == 0xFF) {
		unsigned marker = p[i + 1], len = (unsigned)p[i + 2] << 8 | p[i + 3];

		if (marker == 0xC0 || marker == 0xC2) {
			put16be(p + i + 5, h);
			put16be(p + i + 7, w);
			return;
		}
		i += 2 + len;
	}
	fail_msg("no SOF in the test JPEG");
}

/* A PNG chunk: length, type, data, CRC over type and data. */
static void png_chunk(struct buf *b, const char type[4], const void *data, size_t len)
{
	unsigned char word[4];
	uLong crc = crc32(0, (const Bytef *)type, 4);

	crc = crc32(crc, data, (uInt)len);
	put32be(word, (uint32_t)len);
	buf_add(b, word, 4);
	buf_add(b, type, 4);
	buf_add(b, data, len);
	put32be(word, (uint32_t)crc);
	buf_add(b, word, 4);
}

/* IHDR is the first chunk: 8 bytes of signature, then length, type, 13 bytes of data, CRC. */
#define PNG_AFTER_IHDR 33

/* `png` with a chunk put right after IHDR. */
static void png_insert(struct buf *png, const char type[4], const void *data, size_t len)
{
	struct buf out = BUF_INIT;

	buf_add(&out, png->data, PNG_AFTER_IHDR);
	png_chunk(&out, type, data, len);
	buf_add(&out, png->data + PNG_AFTER_IHDR, png->len - PNG_AFTER_IHDR);
	buf_release(png);
	*png = out;
}

/* Sets the size a PNG's IHDR claims, with its CRC made right again. */
static void png_claim_size(struct buf *png, unsigned w, unsigned h)
{
	unsigned char *p = (unsigned char *)png->data;

	assert_memory_equal(p + 12, "IHDR", 4);
	put32be(p + 16, w);
	put32be(p + 20, h);
	put32be(p + 29, (uint32_t)crc32(0, p + 12, 17));
}

/* ---- checking results ---- */

static int contains(const void *hay, size_t n, const char *needle)
{
	return memmem(hay, n, needle, strlen(needle)) != NULL;
}

/*
 * Walks a JPEG's markers: only JFIF APP0, tables, a baseline frame and the
 * scan may come before the image data; no APP1 to APP15 (EXIF, XMP, ICC,
 * IPTC ...), no comment; and the file ends at the image's EOI.
 */
static void assert_bare_jpeg(const unsigned char *p, size_t len)
{
	size_t i = 2;
	int frame = 0;

	assert_true(len > 4);
	assert_memory_equal(p, "\xFF\xD8", 2);
	for (;;) {
		unsigned marker, seg;

		assert_true(i + 4 <= len);
		assert_int_equal(p[i], 0xFF);
		marker = p[i + 1];
		seg = (unsigned)p[i + 2] << 8 | p[i + 3];
		if (marker == 0xE0)
			assert_memory_equal(p + i + 4, "JFIF\0", 5);
		else if (marker == 0xC0)
			frame = 1;
		else if (marker != 0xDB && marker != 0xC4 && marker != 0xDD && marker != 0xDA)
			fail_msg("marker FF %02X at byte %zu: metadata or an unexpected frame type", marker, i);
		if (marker == 0xDA)
			break;
		i += 2 + seg;
	}
	assert_true(frame);
	assert_memory_equal(p + len - 2, "\xFF\xD9", 2);
}

/* libvips, reading the result, finds no metadata on it either. */
static void assert_no_metadata_fields(const unsigned char *p, size_t len)
{
	VipsImage *img = NULL;
	gchar **fields;

	assert_int_equal(vips_jpegload_buffer((void *)p, len, &img, NULL), 0);
	fields = vips_image_get_fields(img);
	for (int i = 0; fields[i]; i++) {
		const char *f = fields[i];

		if (!strncmp(f, "exif-", 5) || !strcmp(f, VIPS_META_XMP_NAME) || !strcmp(f, VIPS_META_IPTC_NAME) ||
		    !strcmp(f, VIPS_META_ICC_NAME) || !strcmp(f, VIPS_META_ORIENTATION) || strstr(f, "comment"))
			fail_msg("the result has metadata field '%s'", f);
	}
	g_strfreev(fields);
	g_object_unref(img);
}

static void assert_clean_jpeg(const struct image_clean_result *r)
{
	assert_non_null(r->data);
	assert_string_equal(r->content_type, "image/jpeg");
	assert_bare_jpeg(r->data, r->len);
	assert_no_metadata_fields(r->data, r->len);
	assert_non_null(r->thumb);
	assert_bare_jpeg(r->thumb, r->thumb_len);
	assert_no_metadata_fields(r->thumb, r->thumb_len);
}

/* The colour of the pixel at (x, y) of a JPEG, for the bands there are. */
static void pixel_at(const unsigned char *p, size_t len, int x, int y, double rgb[3])
{
	VipsImage *img = NULL;
	double *v = NULL;
	int n = 0;

	assert_int_equal(vips_jpegload_buffer((void *)p, len, &img, NULL), 0);
	assert_int_equal(vips_getpoint(img, &v, &n, x, y, NULL), 0);
	for (int i = 0; i < 3; i++)
		rgb[i] = v[i < n ? i : 0];
	g_free(v);
	g_object_unref(img);
}

static void assert_colour(const double rgb[3], double r, double g, double b)
{
	for (int i = 0; i < 3; i++) {
		double want = i == 0 ? r : i == 1 ? g : b;

		if (rgb[i] < want - 24 || rgb[i] > want + 24)
			fail_msg("colour (%.0f, %.0f, %.0f), not near (%.0f, %.0f, %.0f)", rgb[0], rgb[1], rgb[2], r, g,
				 b);
	}
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static long peak_rss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* ---- tests ---- */

/* EXIF with a GPS position, XMP, IPTC, an ICC profile and a comment: all gone, the picture kept. */
static void gps_and_other_metadata_are_gone(void **state)
{
	struct buf jpeg, segs = BUF_INIT;
	struct image_clean_result r = IMAGE_CLEAN_RESULT_INIT;
	VipsImage *in = NULL;
	double rgb[3];

	(void)state;
	make_jpeg_with_icc(1200, 900, paint_green, &jpeg);
	add_exif(&segs, 1, 1);
	add_xmp(&segs);
	add_iptc(&segs);
	add_segment(&segs, 0xFE, COMMENT_SECRET, strlen(COMMENT_SECRET));
	insert_after_soi(&jpeg, &segs);
	buf_release(&segs);

	/* The upload holds them all, as libvips reads it. */
	assert_int_equal(vips_jpegload_buffer(jpeg.data, jpeg.len, &in, NULL), 0);
	assert_true(vips_image_get_typeof(in, "exif-ifd3-GPSLatitude") != 0);
	assert_true(vips_image_get_typeof(in, "exif-ifd3-GPSMapDatum") != 0);
	assert_true(vips_image_get_typeof(in, VIPS_META_XMP_NAME) != 0);
	assert_true(vips_image_get_typeof(in, VIPS_META_IPTC_NAME) != 0);
	assert_true(vips_image_get_typeof(in, VIPS_META_ICC_NAME) != 0);
	g_object_unref(in);
	assert_true(contains(jpeg.data, jpeg.len, GPS_DATUM));
	assert_true(contains(jpeg.data, jpeg.len, COMMENT_SECRET));

	assert_int_equal(image_clean(jpeg.data, jpeg.len, "image/jpeg", NULL, &r), IMAGE_CLEAN_OK);
	assert_clean_jpeg(&r);
	for (int i = 0; i < 2; i++) {
		const void *p = i ? r.thumb : r.data;
		size_t n = i ? r.thumb_len : r.len;

		assert_false(contains(p, n, "Exif"));
		assert_false(contains(p, n, GPS_DATUM));
		assert_false(contains(p, n, "ns.adobe.com"));
		assert_false(contains(p, n, XMP_SECRET));
		assert_false(contains(p, n, IPTC_SECRET));
		assert_false(contains(p, n, "Photoshop"));
		assert_false(contains(p, n, "ICC_PROFILE"));
		assert_false(contains(p, n, COMMENT_SECRET));
	}
	assert_int_equal(r.width, 1200);
	assert_int_equal(r.height, 900);
	assert_int_equal(r.thumb_width, 320);
	assert_int_equal(r.thumb_height, 240);
	assert_true(r.len < jpeg.len);
	pixel_at(r.data, r.len, 600, 450, rgb);
	assert_colour(rgb, 0, 200, 0);
	pixel_at(r.thumb, r.thumb_len, 160, 120, rgb);
	assert_colour(rgb, 0, 200, 0);
	image_clean_result_release(&r);
	image_clean_result_release(&r); /* twice is harmless */
	buf_release(&jpeg);
}

/*
 * Orientation 6: the camera was turned a quarter to the right; the result
 * stands upright, untagged. (With a colour profile too, as phones write.)
 */
static void orientation_6_is_turned_upright(void **state)
{
	struct buf jpeg, segs = BUF_INIT;
	struct image_clean_result r = IMAGE_CLEAN_RESULT_INIT;
	double rgb[3];

	(void)state;
	make_jpeg_with_icc(200, 100, paint_halves, &jpeg);
	add_exif(&segs, 6, 0);
	insert_after_soi(&jpeg, &segs);
	buf_release(&segs);

	assert_int_equal(image_clean(jpeg.data, jpeg.len, NULL, NULL, &r), IMAGE_CLEAN_OK);
	assert_clean_jpeg(&r);
	/* Turned clockwise: the left half (red) is now the top, the right half (blue) the bottom. */
	assert_int_equal(r.width, 100);
	assert_int_equal(r.height, 200);
	pixel_at(r.data, r.len, 50, 40, rgb);
	assert_colour(rgb, 255, 0, 0);
	pixel_at(r.data, r.len, 50, 160, rgb);
	assert_colour(rgb, 0, 0, 255);
	/* Small enough already: the thumbnail keeps its size, upright too. */
	assert_int_equal(r.thumb_width, 100);
	assert_int_equal(r.thumb_height, 200);
	pixel_at(r.thumb, r.thumb_len, 50, 40, rgb);
	assert_colour(rgb, 255, 0, 0);
	image_clean_result_release(&r);
	buf_release(&jpeg);
}

/*
 * A photo in Display P3 (iPhones take them so): its colour profile is
 * applied before it is dropped, so the sRGB result shows the colours the
 * phone saw, not the P3 numbers read as sRGB.
 */
static void colour_profile_is_applied(void **state)
{
	VipsImage *img = painted(64, 64, 3, paint_green), *p3 = NULL;
	struct image_clean_result r = IMAGE_CLEAN_RESULT_INIT;
	struct buf jpeg;
	double rgb[3];

	(void)state;
	if (vips_icc_transform(img, &p3, "p3", "input_profile", "srgb", NULL))
		fail_msg("cannot make a P3 image: %s", vips_error_buffer());
	encode(p3, "jpeg", &jpeg);
	g_object_unref(p3);
	g_object_unref(img);
	/* The P3 numbers are far from sRGB's for this green: the test tells the two apart. */
	pixel_at((unsigned char *)jpeg.data, jpeg.len, 32, 32, rgb);
	assert_true(rgb[0] > 48 && rgb[2] > 32);

	assert_int_equal(image_clean(jpeg.data, jpeg.len, NULL, NULL, &r), IMAGE_CLEAN_OK);
	assert_clean_jpeg(&r);
	pixel_at(r.data, r.len, 32, 32, rgb);
	assert_colour(rgb, 0, 200, 0);
	image_clean_result_release(&r);
	buf_release(&jpeg);
}

#define PNG_SECRET "ROER-SECRET-PNG-TEXT"

/* A PNG with transparency and a text chunk becomes a JPEG: flattened onto white, text gone. */
static void png_becomes_jpeg(void **state)
{
	VipsImage *img = painted(64, 48, 4, paint_green);
	struct buf png;
	struct image_clean_result r = IMAGE_CLEAN_RESULT_INIT;
	double rgb[3];

	(void)state;
	encode(img, "png", &png);
	g_object_unref(img);
	png_insert(&png, "tEXt", "Comment\0" PNG_SECRET, 8 + strlen(PNG_SECRET));
	assert_true(contains(png.data, png.len, PNG_SECRET));

	assert_int_equal(image_clean(png.data, png.len, "image/png", NULL, &r), IMAGE_CLEAN_OK);
	assert_clean_jpeg(&r);
	assert_int_equal(r.width, 64);
	assert_int_equal(r.height, 48);
	assert_false(contains(r.data, r.len, PNG_SECRET));
	pixel_at(r.data, r.len, 8, 24, rgb);
	assert_colour(rgb, 255, 255, 255);
	pixel_at(r.data, r.len, 56, 24, rgb);
	assert_colour(rgb, 0, 200, 0);
	image_clean_result_release(&r);
	buf_release(&png);
}

/* A 16-bit PNG is scaled to 8 bits, not clipped. */
static void png_16_bit_keeps_its_colours(void **state)
{
	VipsImage *img = painted(32, 32, 3, paint_green), *wide = NULL, *scaled = NULL;
	struct image_clean_result r = IMAGE_CLEAN_RESULT_INIT;
	struct buf png;
	double rgb[3];

	(void)state;
	assert_int_equal(vips_linear1(img, &scaled, 257, 0, NULL), 0);
	assert_int_equal(vips_cast(scaled, &wide, VIPS_FORMAT_USHORT, NULL), 0);
	wide->Type = VIPS_INTERPRETATION_RGB16;
	encode(wide, "png", &png);
	g_object_unref(wide);
	g_object_unref(scaled);
	g_object_unref(img);

	assert_int_equal(image_clean(png.data, png.len, NULL, NULL, &r), IMAGE_CLEAN_OK);
	assert_clean_jpeg(&r);
	pixel_at(r.data, r.len, 16, 16, rgb);
	assert_colour(rgb, 0, 200, 0);
	image_clean_result_release(&r);
	buf_release(&png);
}

static const char html[] = "<html><body><script>alert(document.cookie)</script></body></html>";

/* HTML first, a JPEG after it: not an image, whatever a browser might sniff. */
static void html_before_jpeg_is_refused(void **state)
{
	struct buf jpeg, poly = BUF_INIT;
	struct image_clean_result r = IMAGE_CLEAN_RESULT_INIT;

	(void)state;
	make_image("jpeg", 32, 32, paint_grey, &jpeg);
	buf_adds(&poly, html);
	buf_add(&poly, jpeg.data, jpeg.len);
	assert_int_equal(image_clean(poly.data, poly.len, "image/jpeg", NULL, &r), IMAGE_CLEAN_NOT_AN_IMAGE);
	assert_null(r.data);
	assert_null(r.thumb);
	/* A byte of whitespace in front is no JPEG either. */
	buf_reset(&poly);
	buf_addch(&poly, ' ');
	buf_add(&poly, jpeg.data, jpeg.len);
	assert_int_equal(image_clean(poly.data, poly.len, NULL, NULL, &r), IMAGE_CLEAN_NOT_AN_IMAGE);
	buf_release(&poly);
	buf_release(&jpeg);
}

/* A JPEG with HTML after its end: the picture is taken, the trailer is not. */
static void html_after_jpeg_is_cut_off(void **state)
{
	struct buf jpeg;
	struct image_clean_result r = IMAGE_CLEAN_RESULT_INIT;

	(void)state;
	make_image("jpeg", 64, 64, paint_grey, &jpeg);
	buf_adds(&jpeg, html);
	assert_int_equal(image_clean(jpeg.data, jpeg.len, NULL, NULL, &r), IMAGE_CLEAN_OK);
	assert_clean_jpeg(&r); /* ends at its EOI */
	assert_false(contains(r.data, r.len, "<html"));
	assert_false(contains(r.data, r.len, "script"));
	assert_int_equal(r.width, 64);
	image_clean_result_release(&r);
	buf_release(&jpeg);
}

/* SVG, HTML, GIF, WebP, BMP, TIFF, a lone JPEG prefix: refused by their first bytes. */
static void other_types_are_refused(void **state)
{
	/* Each test input's bytes and their count (a literal may hold NULs). */
#define BYTES(literal) literal, sizeof(literal) - 1
	static const struct {
		const char *what;
		const char *bytes;
		size_t len;
	} cases[] = {
		{ "svg", BYTES("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"9\" "
			       "height=\"9\"><script>alert(1)</script></svg>") },
		{ "bare svg", BYTES("<svg xmlns=\"http://www.w3.org/2000/svg\"/>") },
		{ "html", BYTES("<!DOCTYPE html><title>x</title>") },
		{ "gif", BYTES("GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00"
			       "\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02" "D\x01\x00;") },
		{ "webp", BYTES("RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88"
				"\x88\xfe\x07\x00") },
		{ "bmp", BYTES("BM\x3a\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00") },
		{ "tiff", BYTES("II*\x00\x08\x00\x00\x00") },
		{ "two bytes of a jpeg", BYTES("\xFF\xD8") },
		{ "seven bytes of a png", BYTES("\x89PNG\r\n\x1a") },
		{ "pdf", BYTES("%PDF-1.4\n") },
	};
#undef BYTES
	struct image_clean_result r = IMAGE_CLEAN_RESULT_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum image_clean_status rc = image_clean(cases[i].bytes, cases[i].len, NULL, NULL, &r);

		if (rc != IMAGE_CLEAN_NOT_AN_IMAGE)
			fail_msg("%s: %s, not not_an_image", cases[i].what, image_clean_reason(rc));
		assert_null(r.data);
	}
	/* Declaring the type it really is changes nothing. */
	assert_int_equal(image_clean(cases[0].bytes, cases[0].len, "image/svg+xml", NULL, &r),
			 IMAGE_CLEAN_NOT_AN_IMAGE);
}

static void empty_input_is_refused(void **state)
{
	struct image_clean_result r = IMAGE_CLEAN_RESULT_INIT;

	(void)state;
	assert_int_equal(image_clean(NULL, 0, NULL, NULL, &r), IMAGE_CLEAN_EMPTY);
	assert_int_equal(image_clean("", 0, "image/jpeg", NULL, &r), IMAGE_CLEAN_EMPTY);
	assert_null(r.data);
	assert_string_equal(image_clean_reason(IMAGE_CLEAN_EMPTY), "empty");
}

/* The declared type is only compared: bytes of another type are refused; parameters and case do not matter. */
static void declared_type_must_match(void **state)
{
	struct buf jpeg, png;
	struct image_clean_result r = IMAGE_CLEAN_RESULT_INIT;

	(void)state;
	make_image("jpeg", 16, 16, paint_grey, &jpeg);
	make_image("png", 16, 16, paint_grey, &png);
	assert_int_equal(image_clean(jpeg.data, jpeg.len, "image/png", NULL, &r), IMAGE_CLEAN_TYPE_MISMATCH);
	assert_int_equal(image_clean(png.data, png.len, "image/jpeg", NULL, &r), IMAGE_CLEAN_TYPE_MISMATCH);
	assert_int_equal(image_clean(jpeg.data, jpeg.len, "text/html", NULL, &r), IMAGE_CLEAN_TYPE_MISMATCH);
	assert_int_equal(image_clean(jpeg.data, jpeg.len, "image/jpegx", NULL, &r), IMAGE_CLEAN_TYPE_MISMATCH);
	assert_int_equal(image_clean(jpeg.data, jpeg.len, "", NULL, &r), IMAGE_CLEAN_TYPE_MISMATCH);
	assert_null(r.data);
	assert_int_equal(image_clean(jpeg.data, jpeg.len, " Image/JPEG; q=1", NULL, &r), IMAGE_CLEAN_OK);
	image_clean_result_release(&r);
	assert_int_equal(image_clean(png.data, png.len, "image/png", NULL, &r), IMAGE_CLEAN_OK);
	image_clean_result_release(&r);
	buf_release(&jpeg);
	buf_release(&png);
}

/* Cut short, in the pixels or in the header, upright or to be turned: refused, never half read. */
static void truncated_images_are_refused(void **state)
{
	struct buf jpeg, turned, png, segs = BUF_INIT;
	struct image_clean_result r = IMAGE_CLEAN_RESULT_INIT;
	const struct {
		const char *what;
		const struct buf *b;
		size_t keep;
	} cuts[] = {
		{ "jpeg, half", &jpeg, 0 }, { "jpeg, in the header", &jpeg, 60 }, { "jpeg, three bytes", &jpeg, 3 },
		{ "turned jpeg, half", &turned, 0 }, { "png, half", &png, 0 }, { "png, in the header", &png, 20 },
	};

	(void)state;
	make_image("jpeg", 256, 256, paint_noise, &jpeg);
	make_image("jpeg", 256, 256, paint_noise, &turned);
	add_exif(&segs, 6, 0);
	insert_after_soi(&turned, &segs);
	buf_release(&segs);
	make_image("png", 256, 256, paint_noise, &png);
	/* Whole, each is taken: the cut is what is refused. */
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		assert_int_equal(image_clean(cuts[i].b->data, cuts[i].b->len, NULL, NULL, &r), IMAGE_CLEAN_OK);
		image_clean_result_release(&r);
	}
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		size_t keep = cuts[i].keep ? cuts[i].keep : cuts[i].b->len / 2;
		enum image_clean_status rc = image_clean(cuts[i].b->data, keep, NULL, NULL, &r);

		if (rc != IMAGE_CLEAN_CORRUPT)
			fail_msg("%s: %s, not corrupt", cuts[i].what, image_clean_reason(rc));
		assert_null(r.data);
		assert_null(r.thumb);
	}
	buf_release(&jpeg);
	buf_release(&turned);
	buf_release(&png);
}

/*
 * A pixel flood: a small file whose header claims 30000 × 30000 (900
 * megapixels, 2.7 GB decoded), or 12000 × 12000 (sides within their limit,
 * 144 megapixels). Refused from the header: at once, and without the
 * memory a decode would take.
 */
static void pixel_bomb_is_refused_before_decoding(void **state)
{
	static const unsigned sides[] = { 30000, 12000 };
	struct image_clean_result r = IMAGE_CLEAN_RESULT_INIT;
	long rss0 = peak_rss_kib();

	(void)state;
	for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]); i++) {
		struct buf jpeg, png;
		struct timespec t0;
		double took;

		make_image("jpeg", 16, 16, paint_grey, &jpeg);
		jpeg_claim_size(&jpeg, sides[i], sides[i]);
		make_image("png", 1, 1, paint_grey, &png);
		png_claim_size(&png, sides[i], sides[i]);
		assert_true(jpeg.len < 2000 && png.len < 200);

		clock_gettime(CLOCK_MONOTONIC, &t0);
		assert_int_equal(image_clean(jpeg.data, jpeg.len, NULL, NULL, &r), IMAGE_CLEAN_TOO_MANY_PIXELS);
		assert_null(r.data);
		assert_int_equal(image_clean(png.data, png.len, NULL, NULL, &r), IMAGE_CLEAN_TOO_MANY_PIXELS);
		assert_null(r.data);
		took = seconds_since(&t0);
		print_message("%u x %u pixel bombs refused in %.1f ms, peak RSS %+ld KiB\n", sides[i], sides[i],
			      took * 1000, peak_rss_kib() - rss0);
		assert_true(took < 0.5);
		assert_true(peak_rss_kib() - rss0 < 32 * 1024);
		buf_release(&jpeg);
		buf_release(&png);
	}
}

/* A side past the limit is refused even when the pixel count is small; both limits can be set. */
static void size_limits(void **state)
{
	struct buf jpeg, png;
	struct image_clean_result r = IMAGE_CLEAN_RESULT_INIT;
	struct image_clean_options few = { .max_pixels = 64 * 48 - 1 }, narrow = { .max_side = 47 };
	struct image_clean_options exact = { .max_pixels = 64 * 48, .max_side = 64 };

	(void)state;
	make_image("jpeg", 16, 16, paint_grey, &jpeg);
	jpeg_claim_size(&jpeg, 20000, 8);
	assert_int_equal(image_clean(jpeg.data, jpeg.len, NULL, NULL, &r), IMAGE_CLEAN_BAD_SIZE);
	jpeg_claim_size(&jpeg, 8, 20000);
	assert_int_equal(image_clean(jpeg.data, jpeg.len, NULL, NULL, &r), IMAGE_CLEAN_BAD_SIZE);
	assert_null(r.data);

	make_image("png", 64, 48, paint_grey, &png);
	assert_int_equal(image_clean(png.data, png.len, NULL, &few, &r), IMAGE_CLEAN_TOO_MANY_PIXELS);
	assert_int_equal(image_clean(png.data, png.len, NULL, &narrow, &r), IMAGE_CLEAN_BAD_SIZE);
	assert_int_equal(image_clean(png.data, png.len, NULL, &exact, &r), IMAGE_CLEAN_OK);
	image_clean_result_release(&r);
	buf_release(&jpeg);
	buf_release(&png);
}

/* The thumbnail fits its width, and twice that in height; a tall image is bounded by the height. */
static void thumbnail_sizes(void **state)
{
	struct buf tall, wide;
	struct image_clean_result r = IMAGE_CLEAN_RESULT_INIT;
	struct image_clean_options o = { .thumb_width = 100 };

	(void)state;
	make_image("jpeg", 300, 1200, paint_grey, &tall);
	make_image("jpeg", 2000, 500, paint_grey, &wide);
	assert_int_equal(image_clean(tall.data, tall.len, NULL, NULL, &r), IMAGE_CLEAN_OK);
	assert_int_equal(r.thumb_width, 160);
	assert_int_equal(r.thumb_height, 640);
	image_clean_result_release(&r);
	assert_int_equal(image_clean(wide.data, wide.len, NULL, &o, &r), IMAGE_CLEAN_OK);
	assert_int_equal(r.thumb_width, 100);
	assert_int_equal(r.thumb_height, 25);
	image_clean_result_release(&r);
	buf_release(&tall);
	buf_release(&wide);
}

struct worker {
	const struct buf *input;
	int ok;
};

static void *clean_many(void *arg)
{
	struct worker *w = arg;

	w->ok = 0;
	for (int i = 0; i < 8; i++) {
		struct image_clean_result r = IMAGE_CLEAN_RESULT_INIT;

		if (image_clean(w->input->data, w->input->len, NULL, NULL, &r) == IMAGE_CLEAN_OK && r.width == 400)
			w->ok++;
		image_clean_result_release(&r);
	}
	return NULL;
}

/* Threads cleaning at once (the server's request threads) all get their own right result. */
static void threads_at_once(void **state)
{
	struct buf jpeg, png, segs = BUF_INIT;
	pthread_t th[4];
	struct worker w[4];

	(void)state;
	make_image("jpeg", 400, 300, paint_noise, &jpeg);
	add_exif(&segs, 1, 1);
	insert_after_soi(&jpeg, &segs);
	buf_release(&segs);
	make_image("png", 400, 300, paint_noise, &png);
	for (int i = 0; i < 4; i++) {
		w[i].input = i % 2 ? &png : &jpeg;
		assert_int_equal(pthread_create(&th[i], NULL, clean_many, &w[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(w[i].ok, 8);
	}
	buf_release(&jpeg);
	buf_release(&png);
}

static void reasons(void **state)
{
	(void)state;
	assert_string_equal(image_clean_reason(IMAGE_CLEAN_OK), "ok");
	assert_string_equal(image_clean_reason(IMAGE_CLEAN_NOT_AN_IMAGE), "not_an_image");
	assert_string_equal(image_clean_reason(IMAGE_CLEAN_TYPE_MISMATCH), "type_mismatch");
	assert_string_equal(image_clean_reason(IMAGE_CLEAN_TOO_MANY_PIXELS), "too_many_pixels");
	assert_string_equal(image_clean_reason(IMAGE_CLEAN_BAD_SIZE), "bad_size");
	assert_string_equal(image_clean_reason(IMAGE_CLEAN_CORRUPT), "corrupt");
	assert_string_equal(image_clean_reason(IMAGE_CLEAN_INTERNAL), "internal");
}

static int start(void **state)
{
	(void)state;
	log_set_quiet(1);
	return image_clean_init();
}

/* libvips stopped as the server stops it, so the leak check at exit sees what is really left. */
static int stop(void **state)
{
	struct image_clean_result r = IMAGE_CLEAN_RESULT_INIT;

	(void)state;
	image_clean_shutdown();
	image_clean_shutdown();
	return image_clean("\xFF\xD8\xFF", 3, NULL, NULL, &r) == IMAGE_CLEAN_INTERNAL ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gps_and_other_metadata_are_gone),
		cmocka_unit_test(orientation_6_is_turned_upright),
		cmocka_unit_test(colour_profile_is_applied),
		cmocka_unit_test(png_becomes_jpeg),
		cmocka_unit_test(png_16_bit_keeps_its_colours),
		cmocka_unit_test(html_before_jpeg_is_refused),
		cmocka_unit_test(html_after_jpeg_is_cut_off),
		cmocka_unit_test(other_types_are_refused),
		cmocka_unit_test(empty_input_is_refused),
		cmocka_unit_test(declared_type_must_match),
		cmocka_unit_test(truncated_images_are_refused),
		cmocka_unit_test(pixel_bomb_is_refused_before_decoding),
		cmocka_unit_test(size_limits),
		cmocka_unit_test(thumbnail_sizes),
		cmocka_unit_test(threads_at_once),
		cmocka_unit_test(reasons),
	};

	return cmocka_run_group_tests(tests, start, stop);
}
