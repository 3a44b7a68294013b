/* Version: the runtime functions equal the header macros (c-library-style P12). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <aksnet.h>

static void test_version_matches_header(void **state)
{
    char expected[32];
    (void)state;
    assert_int_equal(aksnet_version_number(), AKSNET_VERSION_NUMBER);
    assert_string_equal(aksnet_version_string(), AKSNET_VERSION_STRING);
    snprintf(expected, sizeof(expected), "%d.%d.%d", AKSNET_VERSION_MAJOR, AKSNET_VERSION_MINOR,
             AKSNET_VERSION_PATCH);
    assert_string_equal(aksnet_version_string(), expected);
    assert_int_equal(AKSNET_VERSION_NUMBER, AKSNET_VERSION_MAJOR * 10000 +
                                                AKSNET_VERSION_MINOR * 100 + AKSNET_VERSION_PATCH);
    assert_true(AKSNET_VERSION_CHECK(1, 0, 0));
    assert_false(AKSNET_VERSION_CHECK(99, 0, 0));
}

static void test_version_strerror_never_null(void **state)
{
    int code;
    (void)state;
    for (code = -200; code <= 200; code++)
        assert_non_null(aksnet_strerror(code));
    assert_string_equal(aksnet_strerror(AKSNET_OK), "success");
    assert_string_equal(aksnet_strerror(AKSNET_EBUFS), "buffer too small");
    assert_string_equal(aksnet_strerror(12345), "unknown status code");
}

static void test_version_status_values_fixed(void **state)
{
    (void)state;
    /* released values are part of the ABI: never renumbered */
    assert_int_equal(AKSNET_OK, 0);
    assert_int_equal(AKSNET_ERROR, -1);
    assert_int_equal(AKSNET_EINVAL, -2);
    assert_int_equal(AKSNET_EPARSE, -3);
    assert_int_equal(AKSNET_ENOMEM, -4);
    assert_int_equal(AKSNET_EBUFS, -5);
    assert_int_equal(AKSNET_ENOTFOUND, -6);
    assert_int_equal(AKSNET_ENOFIT, -7);
    assert_int_equal(AKSNET_EOVERLAP, -8);
    assert_int_equal(AKSNET_ERANGE, -9);
    assert_int_equal(AKSNET_EIO, -10);
    assert_int_equal(AKSNET_ECONFLICT, -11);
    assert_int_equal(sizeof(aksnet_prefix), 20);
    assert_int_equal(sizeof(aksnet_address), 20);
    assert_int_equal(offsetof(aksnet_prefix, bytes), 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_matches_header),
        cmocka_unit_test(test_version_strerror_never_null),
        cmocka_unit_test(test_version_status_values_fixed),
    };
    return cmocka_run_group_tests_name("version", tests, NULL, NULL);
}
