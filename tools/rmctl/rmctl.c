// SPDX-License-Identifier: GPL-2.0
/*
 * rmctl: look at the resmgr pathname space, in the spirit of QNX's
 * `ls /proc/mount`.
 *
 *   rmctl [--json] ls [PATH]       mountpoints at or below PATH (default /):
 *                                  union position, flags, file type,
 *                                  owning module, open files
 *   rmctl [--json] resolve PATH    the managers an open of PATH is offered
 *                                  to, in order, and the rest of the path
 *                                  each one sees
 *
 * Both read /proc/resmgr (resmgr.ko's listing); resolve applies the
 * rules pathmgr applies to it: longest prefix first, each mountpoint in
 * union order, discrete mountpoints only on an exact match, a trailing
 * '/' on one ENOTDIR, FTYPEONLY managers not offered a plain open, and
 * nothing after an OPAQUE manager. Errors give one line on stderr and
 * exit status 1 (nothing found, resmgr not loaded) or 2 (bad usage or
 * a bad path).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LISTING		"/proc/resmgr"
#define MAX_ENTRIES	4096
#define PATH_LEN	4096

struct entry {
	char	path[PATH_LEN];
	int	id;
	int	pos, of;
	char	flags[128];
	char	ftype[16];
	char	owner[64];
	char	opens[16];
	char	node[16];
};

/* A listing line up to OPENS; NODE, when there, follows at %n. */
#define LINE_HEAD	"%4095[^\t]\t%d\t%d/%d\t"
#define LINE_REST	"%127[^\t]\t%15[^\t]\t%63[^\t]\t%15[^\t\n]%n"

static struct entry *entries;
static int nentries;
static bool json;

static void die(int status, const char *fmt, const char *arg)
{
	fprintf(stderr, "rmctl: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(status);
}

/* Undo the listing's octal escapes (\040 and the like). */
static void unescape(char *s)
{
	char *d = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '7' && s[2] && s[3]) {
			*d++ = (char)strtol((char[]){ s[1], s[2], s[3], 0 }, NULL, 8);
			s += 4;
		} else {
			*d++ = *s++;
		}
	}
	*d = '\0';
}

static void load(void)
{
	char line[PATH_LEN + 512];
	FILE *f = fopen(LISTING, "r");

	if (!f)
		die(1, "resmgr is not loaded (%s: no such file)", LISTING);
	entries = calloc(MAX_ENTRIES, sizeof(*entries));
	if (!entries)
		die(1, "%s", strerror(ENOMEM));
	if (!fgets(line, sizeof(line), f) || strncmp(line, "PATH\t", 5))
		die(1, "%s: not the listing this rmctl knows", LISTING);
	while (nentries < MAX_ENTRIES && fgets(line, sizeof(line), f)) {
		struct entry *e = &entries[nentries];

		int end = 0;

		if (sscanf(line, LINE_HEAD LINE_REST,
			   e->path, &e->id, &e->pos, &e->of, e->flags, e->ftype,
			   e->owner, e->opens, &end) != 8)
			die(1, "%s: a line this rmctl cannot read", LISTING);
		/* NODE came after OPENS later: an older resmgr has none ("-"). */
		if (sscanf(line + end, "\t%15[^\n]", e->node) != 1)
			snprintf(e->node, sizeof(e->node), "-");
		unescape(e->path);
		nentries++;
	}
	fclose(f);
}

static bool has_flag(const struct entry *e, const char *flag)
{
	size_t n = strlen(flag);
	const char *p = e->flags;

	while ((p = strstr(p, flag))) {
		if ((p == e->flags || p[-1] == '|') && (!p[n] || p[n] == '|'))
			return true;
		p += n;
	}
	return false;
}

/*
 * Normalize @in as pathmgr does: absolute, "//" and "." collapsed, ".."
 * refused. *@dir says the path ended in '/' or "." (or is "/").
 */
static void normalize(const char *in, char *out, bool *dir)
{
	const char *p = in;
	size_t o = 0;

	if (*in != '/')
		die(2, "bad path %s: not absolute", in);
	*dir = false;
	while (*p) {
		const char *c;
		size_t n;

		while (*p == '/')
			p++;
		if (!*p) {
			*dir = true;
			break;
		}
		c = p;
		while (*p && *p != '/')
			p++;
		n = p - c;
		if (n == 1 && c[0] == '.') {
			*dir = !*p || !p[1];
			continue;
		}
		if (n == 2 && c[0] == '.' && c[1] == '.')
			die(2, "bad path %s: \"..\" is not allowed", in);
		if (o + n + 2 >= PATH_LEN)
			die(2, "bad path %s: too long", in);
		out[o++] = '/';
		memcpy(out + o, c, n);
		o += n;
	}
	if (!o) {
		out[o++] = '/';
		*dir = true;
	}
	out[o] = '\0';
}

/* Is @path @prefix or below it? */
static bool below(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	if (!strcmp(prefix, "/"))
		return true;
	return !strncmp(path, prefix, n) && (!path[n] || path[n] == '/');
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void json_entry(const struct entry *e, const char *rest, bool last)
{
	printf("  {\"path\": ");
	json_str(e->path);
	printf(", \"id\": %d, \"position\": %d, \"of\": %d, \"flags\": [", e->id,
	       e->pos, e->of);
	if (strcmp(e->flags, "-")) {
		char flags[128], *tok, *save;
		bool first = true;

		snprintf(flags, sizeof(flags), "%s", e->flags);
		for (tok = strtok_r(flags, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
			printf("%s", first ? "" : ", ");
			json_str(tok);
			first = false;
		}
	}
	printf("], \"ftype\": ");
	json_str(e->ftype);
	printf(", \"owner\": ");
	json_str(e->owner);
	printf(", \"opens\": %s", strcmp(e->opens, "-") ? e->opens : "null");
	printf(", \"node\": ");
	json_str(e->node);
	if (rest) {
		printf(", \"rest\": ");
		json_str(rest);
	}
	printf("}%s\n", last ? "" : ",");
}

static int cmd_ls(const char *arg)
{
	char path[PATH_LEN];
	int i, n = 0, shown = 0;
	bool dir;

	normalize(arg, path, &dir);
	for (i = 0; i < nentries; i++)
		n += below(entries[i].path, path);
	if (!n)
		die(1, "nothing is attached at or below %s", path);
	if (json)
		printf("[\n");
	else
		printf("%-32s %5s %-20s %-6s %-16s %5s %-5s %4s\n", "MOUNTPOINT", "POS",
		       "FLAGS", "FTYPE", "OWNER", "OPENS", "NODE", "ID");
	for (i = 0; i < nentries; i++) {
		const struct entry *e = &entries[i];
		char pos[16];

		if (!below(e->path, path))
			continue;
		shown++;
		if (json) {
			json_entry(e, NULL, shown == n);
			continue;
		}
		snprintf(pos, sizeof(pos), "%d/%d", e->pos, e->of);
		printf("%-32s %5s %-20s %-6s %-16s %5s %-5s %4d\n", e->path, pos, e->flags,
		       e->ftype, e->owner, e->opens, e->node, e->id);
	}
	if (json)
		printf("]\n");
	return 0;
}

static int cmd_resolve(const char *arg)
{
	const struct entry *cand[MAX_ENTRIES];
	const char *rest[MAX_ENTRIES];
	char path[PATH_LEN], prefix[PATH_LEN];
	size_t len;
	bool dir, opaque = false;
	int i, n = 0;

	normalize(arg, path, &dir);
	/* Prefixes from the path itself up to "/". */
	snprintf(prefix, sizeof(prefix), "%s", path);
	for (;;) {
		bool exact = !strcmp(prefix, path);

		len = strlen(prefix);
		for (i = 0; i < nentries && !opaque; i++) {
			const struct entry *e = &entries[i];

			if (strcmp(e->path, prefix))
				continue;
			if (!exact && !has_flag(e, "DIR"))
				continue;
			if (dir && !has_flag(e, "DIR"))
				die(1, "%s: not a directory (a discrete mountpoint)", path);
			if (has_flag(e, "FTYPEONLY") && strcmp(e->ftype, "ANY"))
				continue;
			cand[n] = e;
			rest[n] = path + len + (len > 1 && path[len] == '/');
			if (len == 1)
				rest[n] = path + 1;
			n++;
			opaque = has_flag(e, "OPAQUE");
		}
		if (opaque || len == 1)
			break;
		/* Up one component. */
		while (len > 1 && prefix[len - 1] != '/')
			len--;
		prefix[len > 1 ? len - 1 : 1] = '\0';
	}
	if (!n)
		die(1, "%s: no manager (ENOENT)", path);
	if (json) {
		printf("[\n");
		for (i = 0; i < n; i++)
			json_entry(cand[i], rest[i], i == n - 1);
		printf("]\n");
		return 0;
	}
	printf("%-3s %-32s %-24s %-20s %s\n", "#", "MOUNTPOINT", "REST", "FLAGS", "OWNER");
	for (i = 0; i < n; i++)
		printf("%-3d %-32s %-24s %-20s %s\n", i + 1, cand[i]->path,
		       *rest[i] ? rest[i] : "\"\"", cand[i]->flags, cand[i]->owner);
	return 0;
}

static const char usage_text[] =
	"usage: rmctl [--json] ls [PATH]\n"
	"       rmctl [--json] resolve PATH\n";

static void show_usage(void)
{
	fputs(usage_text, stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	int a = 1;

	if (a < argc && !strcmp(argv[a], "--json")) {
		json = true;
		a++;
	}
	if (a >= argc)
		show_usage();
	if (!strcmp(argv[a], "ls") && argc - a <= 2) {
		load();
		return cmd_ls(a + 1 < argc ? argv[a + 1] : "/");
	}
	if (!strcmp(argv[a], "resolve") && argc - a == 2) {
		load();
		return cmd_resolve(argv[a + 1]);
	}
	show_usage();
	return 2;
}
