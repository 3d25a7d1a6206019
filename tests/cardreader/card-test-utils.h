/* SPDX-License-Identifier: GPL-3.0-or-later */
/* card-test-utils.h: cmocka helpers shared by the card unit tests */
#pragma once

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <kakanai-card.h>
#include <kakanai-sim-card.h>

#define assert_no_error(e) \
  do { if ((e) != NULL) fail_msg ("unexpected error: %s", (e)->message); } while (0)

#define assert_card_error(e, expected_code) \
  do { \
    if ((e) == NULL) \
      fail_msg ("expected error %s, got success", kakanai_card_error_to_code (expected_code)); \
    if (!g_error_matches ((e), KAKANAI_CARD_ERROR, (expected_code))) \
      fail_msg ("expected error %s, got %s: %s", kakanai_card_error_to_code (expected_code), \
                (e)->domain == KAKANAI_CARD_ERROR ? kakanai_card_error_to_code ((e)->code) : "(other domain)", \
                (e)->message); \
  } while (0)

static inline KakanaiSimCard *
card_test_load_profile (const char *file_name)
{
  g_autofree char *path = g_build_filename (CARD_TEST_PROFILES_DIR, file_name, NULL);
  g_autoptr(GError) error = NULL;
  KakanaiSimCard *sim = kakanai_sim_card_new_from_file (path, &error);

  assert_no_error (error);
  assert_non_null (sim);
  return sim;
}

static inline KakanaiSimCard *
card_test_sim_from_json (const char *json)
{
  g_autoptr(GError) error = NULL;
  KakanaiSimCard *sim = kakanai_sim_card_new_from_data (json, -1, &error);

  assert_no_error (error);
  assert_non_null (sim);
  return sim;
}

/* The demo person, with extra members spliced in (e.g. "\"faults\": {...},"). */
#define CARD_TEST_PROFILE(extra) \
  "{" extra "\"name\": \"山口　花子\", \"address\": \"山口県山口市亀山町2番1号\", " \
  "\"birth\": \"19800101\", \"sex\": \"2\", \"my_number\": \"123456789018\", " \
  "\"pin\": \"1234\", \"pin_tries_left\": 3}"
