/*
 * Replay fuzz inputs through LLVMFuzzerTestOneInput without libFuzzer, so
 * the seed corpus runs as a regression test in the normal build.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int n = 0;

    for (int i = 1; i < argc; i++) {
        gchar *buf;
        gsize len;

        if (!g_file_get_contents(argv[i], &buf, &len, NULL)) {
            fprintf(stderr, "cannot read %s\n", argv[i]);
            return 1;
        }
        LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
        g_free(buf);
        n++;
    }
    printf("%d passed, 0 failed\n", n);
    return 0;
}
