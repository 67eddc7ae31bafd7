/* The workspace in run.json (src/engine/run_workspace.c, doc/outputs.md):
 * the path from the prediction directory by whole components, the order
 * readers try the recorded paths in, and an input of a relative workspace
 * rebased.  Expected paths worked out by hand from the directory tree made
 * here: B/a/b/pred, B/ws, B/a/b/pred/inner, B/ab (B the temporary base). */
#include "check.h"
#include "engine/run_manifest.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char base[PATH_MAX];

static const char *at(char *buf, const char *rel)
{
	if (snprintf(buf, PATH_MAX, "%s/%s", base, rel) >= PATH_MAX)
		abort();   /* the base is a short /tmp path */
	return buf;
}

/* "workspace_relative" recorded for run.json at run_rel and workspace
 * ws_rel (both below base) equals want. */
static void relative_is(const char *run_rel, const char *ws_rel, const char *want)
{
	char run[PATH_MAX], ws[PATH_MAX];
	struct rf_error err;
	json_t *root = json_object();
	int rc = rf_run_json_set_workspace(root, at(run, run_rel), at(ws, ws_rel), &err);
	const char *got = json_string_value(json_object_get(root, "workspace_relative"));
	CHECK_MSG(rc == 0, "%s", err.msg);
	CHECK_MSG(got && !strcmp(got, want), "%s -> %s: got %s, want %s", run_rel, ws_rel,
		  got ? got : "(none)", want);
	json_decref(root);
}

static void dir_is(const char *run_json, json_t *root, const char *want)
{
	char *got = rf_run_workspace_dir(run_json, root);
	CHECK_MSG(want ? got && !strcmp(got, want) : !got, "got %s, want %s",
		  got ? got : "(NULL)", want ? want : "(NULL)");
	free(got);
}

int main(void)
{
	char tmpl[] = "/tmp/rfplan-test-runws-XXXXXX", p[PATH_MAX], q[PATH_MAX];
	const char *dirs[] = { "a", "a/b", "a/b/pred", "a/b/pred/inner", "ws", "ab" };
	struct rf_error err;

	TEST_PLAN(3);
	if (!mkdtemp(tmpl) || !realpath(tmpl, base)) {
		test_fail_rest("test_run_workspace", "cannot make a temporary directory");
		return test_exit_status();
	}
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		mkdir(at(p, dirs[i]), 0700);

	TEST_BEGIN("run workspace: the path from the prediction directory, by whole components");
	relative_is("a/b/pred/run.json", "ws", "../../../ws");
	relative_is("a/b/pred/run.json", "a/b/pred/inner", "inner");
	relative_is("a/b/pred/run.json", "a/b/pred", ".");
	relative_is("a/run.json", "ab", "../ab");   /* "a" is a prefix of "ab", not a parent */
	relative_is("ab/run.json", "a/b", "../a/b");
	{
		json_t *root = json_object();
		const char *abs;
		CHECK(rf_run_json_set_workspace(root, at(p, "a/b/pred/run.json"), at(q, "a/../ws"),
						&err) == 0);
		abs = json_string_value(json_object_get(root, "workspace_absolute"));
		CHECK_MSG(abs && !strcmp(abs, at(q, "ws")), "absolute %s", abs ? abs : "(none)");
		CHECK(rf_run_json_set_workspace(root, at(p, "a/b/pred/run.json"), at(q, "gone"),
						&err) == -1 && strstr(err.msg, "gone"));
		json_decref(root);
	}
	TEST_END();

	TEST_BEGIN("run workspace: relative first, then absolute, then as given, NULL for none");
	{
		char run[PATH_MAX], want[PATH_MAX];
		json_t *root = json_pack("{s:s, s:s, s:s}", "workspace", "as-given",
					 "workspace_relative", "../../../ws", "workspace_absolute",
					 at(p, "a"));
		at(run, "a/b/pred/run.json");
		dir_is(run, root, at(want, "a/b/pred/../../../ws"));
		json_object_set_new(root, "workspace_relative", json_string("../nowhere"));
		dir_is(run, root, at(want, "a"));
		json_object_set_new(root, "workspace_absolute", json_string(at(p, "gone")));
		dir_is(run, root, "as-given");
		json_object_del(root, "workspace");
		dir_is(run, root, at(want, "gone"));
		json_object_clear(root);
		dir_is(run, root, NULL);
		json_decref(root);
	}
	TEST_END();

	TEST_BEGIN("run workspace: an input of the relative workspace is rebased, others kept");
	{
		char run[PATH_MAX], want[PATH_MAX];
		json_t *root = json_pack("{s:s, s:s}", "workspace", "ws", "workspace_absolute",
					 at(p, "ws"));
		char *a = rf_run_input_path(at(run, "a/b/pred/run.json"), root, "ws/cells.csv");
		char *b = rf_run_input_path(run, root, "wsx/cells.csv");
		char *c = rf_run_input_path(run, root, "/elsewhere/ws/cells.csv");
		CHECK_MSG(!strcmp(a, at(want, "ws/cells.csv")), "got %s", a);
		CHECK_MSG(!strcmp(b, "wsx/cells.csv"), "got %s", b);
		CHECK_MSG(!strcmp(c, "/elsewhere/ws/cells.csv"), "got %s", c);
		free(a);
		free(b);
		free(c);
		json_decref(root);
	}
	TEST_END();

	for (size_t i = sizeof(dirs) / sizeof(dirs[0]); i-- > 0;)
		rmdir(at(p, dirs[i]));
	rmdir(base);
	return test_exit_status();
}
