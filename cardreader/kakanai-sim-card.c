/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-sim-card.c: a simulated My Number card that answers APDUs from a profile */
#define G_LOG_DOMAIN "kakanai-cardsim"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "kakanai-apdu.h"
#include "kakanai-card-error.h"
#include "kakanai-mynumber.h"
#include "kakanai-mynumber-private.h"
#include "kakanai-secure.h"
#include "kakanai-sim-card.h"
#include "kakanai-tlv.h"

/* The commands whose status word a profile can force ("faults"/"status_words"). */
typedef enum
{
  SIM_COMMAND_SELECT_AP,
  SIM_COMMAND_SELECT_EF,
  SIM_COMMAND_TRIES,       /* VERIFY without data */
  SIM_COMMAND_VERIFY,      /* VERIFY with a PIN */
  SIM_COMMAND_READ_BINARY,
  SIM_COMMAND_GET_RESPONSE,
  SIM_COMMAND_OTHER,
  SIM_N_COMMANDS,
} SimCommand;

static const char * const sim_command_keys[SIM_N_COMMANDS] = {
  [SIM_COMMAND_SELECT_AP] = "select_ap",
  [SIM_COMMAND_SELECT_EF] = "select_ef",
  [SIM_COMMAND_TRIES] = "tries",
  [SIM_COMMAND_VERIFY] = "verify",
  [SIM_COMMAND_READ_BINARY] = "read_binary",
  [SIM_COMMAND_GET_RESPONSE] = "get_response",
  [SIM_COMMAND_OTHER] = NULL,
};

typedef struct
{
  guint    delay_ms;
  guint    remove_after_apdu;         /* 0: never */
  guint    truncate_response_of_apdu; /* 0: never */
  gboolean malformed_basic_four;
  gboolean t0;
  guint16  status_words[SIM_N_COMMANDS]; /* 0: answer normally */
} SimFaults;

struct _KakanaiSimCard
{
  gatomicrefcount ref_count;
  GMutex          mutex;

  /* From the profile; fixed after loading. */
  GByteArray *basic_four_file; /* EF 0002 */
  GByteArray *my_number_file;  /* EF 0001 */
  char        pin[KAKANAI_MYNUMBER_PIN_LENGTH];
  gboolean    has_application;
  GBytes     *atr;
  SimFaults   faults;

  /* State; under mutex. Tries live as long as the object. */
  guint       pin_tries_left;
  guint       n_apdus;
  gboolean    removed;
  gboolean    application_selected;
  gboolean    pin_verified;
  guint16     selected_file;    /* 0: none */
  GByteArray *pending_response; /* T=0: data waiting for GET RESPONSE */
};

/* 3B 88 80 01 + 8 historical bytes + TCK: what a PC/SC reader shows for a
 * contactless (ISO 14443 Type B) card, T=1. */
static const guint8 default_atr_t1[] = {
  0x3B, 0x88, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09,
};
/* T=0, two historical bytes, no TCK. */
static const guint8 default_atr_t0[] = { 0x3B, 0x02, 0x14, 0x50 };

/* ---- Profile loading ----------------------------------------------------- */

static gboolean
profile_error (GError    **error,
               const char *key,
               const char *problem)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("Card profile: “%s” %s."), key, problem);
  return FALSE;
}

static gboolean
member_is_type (JsonObject *object,
                const char *key,
                GType       value_type)
{
  JsonNode *node = json_object_get_member (object, key);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == value_type;
}

static const char *
get_string (JsonObject *object,
            const char *key,
            gsize       exact_length,
            GError    **error)
{
  const char *value;

  if (!member_is_type (object, key, G_TYPE_STRING))
    {
      profile_error (error, key, _("is missing or not a string"));
      return NULL;
    }
  value = json_object_get_string_member (object, key);
  if (exact_length > 0 && strlen (value) != exact_length)
    {
      g_autofree char *problem = g_strdup_printf (_("must be %zu characters long"), exact_length);

      profile_error (error, key, problem);
      return NULL;
    }
  if (exact_length == 0 && value[0] == '\0')
    {
      profile_error (error, key, _("is empty"));
      return NULL;
    }
  return value;
}

static gboolean
get_optional_uint (JsonObject *object,
                   const char *key,
                   guint       max,
                   guint      *value)
{
  gint64 number;

  if (!json_object_has_member (object, key))
    return TRUE;
  if (!member_is_type (object, key, G_TYPE_INT64))
    return FALSE;
  number = json_object_get_int_member (object, key);
  if (number < 0 || (guint64) number > max)
    return FALSE;
  *value = (guint) number;
  return TRUE;
}

static gboolean
get_optional_bool (JsonObject *object,
                   const char *key,
                   gboolean   *value)
{
  if (!json_object_has_member (object, key))
    return TRUE;
  if (!member_is_type (object, key, G_TYPE_BOOLEAN))
    return FALSE;
  *value = json_object_get_boolean_member (object, key);
  return TRUE;
}

static gboolean
parse_hex (const char  *text,
           GByteArray  *out)
{
  gsize length = strlen (text);

  if (length == 0 || length % 2 != 0)
    return FALSE;
  for (gsize i = 0; i < length; i += 2)
    {
      int high = g_ascii_xdigit_value (text[i]);
      int low = g_ascii_xdigit_value (text[i + 1]);
      guint8 byte;

      if (high < 0 || low < 0)
        return FALSE;
      byte = (guint8) (high << 4 | low);
      g_byte_array_append (out, &byte, 1);
    }
  return TRUE;
}

static gboolean
reject_unknown_members (JsonObject         *object,
                        const char * const *known,
                        const char         *where,
                        GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      {
        g_autofree char *key = g_strconcat (where, l->data, NULL);

        return profile_error (error, key, _("is not a known key"));
      }
  return TRUE;
}

static gboolean
load_status_words (SimFaults  *faults,
                   JsonObject *object,
                   GError    **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      g_autoptr(GByteArray) bytes = g_byte_array_new ();
      guint command;

      for (command = 0; command < SIM_N_COMMANDS; command++)
        if (g_strcmp0 (sim_command_keys[command], key) == 0)
          break;
      if (command == SIM_N_COMMANDS)
        return profile_error (error, key, _("is not a command whose status word can be set"));
      if (!member_is_type (object, key, G_TYPE_STRING)
          || !parse_hex (json_object_get_string_member (object, key), bytes)
          || bytes->len != 2 || bytes->data[0] == 0)
        return profile_error (error, key, _("must be a status word in hex, e.g. \"6A82\""));
      faults->status_words[command] = (guint16) (bytes->data[0] << 8 | bytes->data[1]);
    }
  return TRUE;
}

static gboolean
load_faults (SimFaults  *faults,
             JsonObject *object,
             GError    **error)
{
  static const char * const known[] = {
    "delay_ms", "remove_after_apdu", "truncate_response_of_apdu",
    "malformed_basic_four", "status_words", "t0", NULL,
  };

  if (!reject_unknown_members (object, known, "faults.", error))
    return FALSE;
  if (!get_optional_uint (object, "delay_ms", 60000, &faults->delay_ms))
    return profile_error (error, "faults.delay_ms", _("must be a number of milliseconds up to 60000"));
  if (!get_optional_uint (object, "remove_after_apdu", G_MAXINT, &faults->remove_after_apdu))
    return profile_error (error, "faults.remove_after_apdu", _("must be a positive APDU number"));
  if (!get_optional_uint (object, "truncate_response_of_apdu", G_MAXINT, &faults->truncate_response_of_apdu))
    return profile_error (error, "faults.truncate_response_of_apdu", _("must be a positive APDU number"));
  if (!get_optional_bool (object, "malformed_basic_four", &faults->malformed_basic_four))
    return profile_error (error, "faults.malformed_basic_four", _("must be true or false"));
  if (!get_optional_bool (object, "t0", &faults->t0))
    return profile_error (error, "faults.t0", _("must be true or false"));

  if (json_object_has_member (object, "status_words"))
    {
      JsonNode *node = json_object_get_member (object, "status_words");

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return profile_error (error, "faults.status_words", _("must be an object"));
      return load_status_words (faults, json_node_get_object (node), error);
    }
  return TRUE;
}

static gboolean
load_applications (KakanaiSimCard *sim,
                   JsonObject     *object,
                   GError        **error)
{
  JsonNode *node = json_object_get_member (object, "applications");
  JsonArray *array;

  sim->has_application = TRUE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return profile_error (error, "applications", _("must be a list"));

  array = json_node_get_array (node);
  sim->has_application = FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING
          || g_strcmp0 (json_node_get_string (element), "input_support") != 0)
        return profile_error (error, "applications", _("may only list \"input_support\""));
      sim->has_application = TRUE;
    }
  return TRUE;
}

static gboolean
load_atr (KakanaiSimCard *sim,
          JsonObject     *object,
          GError        **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  if (!json_object_has_member (object, "atr"))
    {
      if (sim->faults.t0)
        sim->atr = g_bytes_new_static (default_atr_t0, sizeof default_atr_t0);
      else
        sim->atr = g_bytes_new_static (default_atr_t1, sizeof default_atr_t1);
      return TRUE;
    }
  if (!member_is_type (object, "atr", G_TYPE_STRING)
      || !parse_hex (json_object_get_string_member (object, "atr"), bytes)
      || bytes->len < 2 || bytes->len > 33)
    return profile_error (error, "atr", _("must be 2 to 33 bytes in hex"));
  sim->atr = g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
  return TRUE;
}

/* ---- EF contents --------------------------------------------------------- */

static void
append_text (GByteArray *out,
             guint32     tag,
             const char *text)
{
  kakanai_tlv_append (out, tag, (const guint8 *) text, strlen (text));
}

/* The header length of a TLV object with this tag size and value length. */
static gsize
tlv_header_size (gsize tag_size,
                 gsize value_length)
{
  if (value_length < 0x80)
    return tag_size + 1;
  if (value_length <= 0xFF)
    return tag_size + 2;
  return tag_size + 3;
}

/* EF 0002: FF 20 { DF 21 offsets, DF 22 name, DF 23 address, DF 24 birth, DF 25 sex }.
 * DF 21 holds the file offsets of the four objects after it, 16-bit big-endian. */
static GByteArray *
build_basic_four (const char *name,
                  const char *address,
                  const char *birth,
                  const char *sex,
                  gboolean    malformed)
{
  const gsize header_object_size = 3 + 8; /* DF 21 08 + four offsets */
  g_autoptr(GByteArray) items = g_byte_array_new ();
  GByteArray *file = g_byte_array_new ();
  guint8 offsets[8];
  gsize item_starts[4];
  gsize first_item;

  item_starts[0] = items->len;
  if (malformed)
    {
      /* A name whose length runs far past the end of the data. */
      const guint8 bad_name_header[] = { 0xDF, 0x22, 0x82, 0xFF, 0xFF };

      g_byte_array_append (items, bad_name_header, sizeof bad_name_header);
      g_byte_array_append (items, (const guint8 *) name, strlen (name));
    }
  else
    append_text (items, KAKANAI_MYNUMBER_TAG_NAME, name);
  item_starts[1] = items->len;
  append_text (items, KAKANAI_MYNUMBER_TAG_ADDRESS, address);
  item_starts[2] = items->len;
  append_text (items, KAKANAI_MYNUMBER_TAG_BIRTH, birth);
  item_starts[3] = items->len;
  append_text (items, KAKANAI_MYNUMBER_TAG_SEX, sex);

  first_item = tlv_header_size (2, header_object_size + items->len) + header_object_size;
  for (guint i = 0; i < 4; i++)
    {
      offsets[2 * i] = (guint8) ((first_item + item_starts[i]) >> 8);
      offsets[2 * i + 1] = (guint8) (first_item + item_starts[i]);
    }

  {
    g_autoptr(GByteArray) value = g_byte_array_new ();

    kakanai_tlv_append (value, KAKANAI_MYNUMBER_TAG_HEADER, offsets, sizeof offsets);
    g_byte_array_append (value, items->data, items->len);
    kakanai_tlv_append (file, KAKANAI_MYNUMBER_TAG_BASIC_FOUR, value->data, value->len);
    kakanai_wipe (value->data, value->len);
  }
  kakanai_wipe (items->data, items->len);
  return file;
}

static GByteArray *
build_my_number (const char *my_number)
{
  GByteArray *file = g_byte_array_new ();

  append_text (file, KAKANAI_MYNUMBER_TAG_MY_NUMBER, my_number);
  return file;
}

static gboolean
load_profile (KakanaiSimCard *sim,
              JsonObject     *object,
              GError        **error)
{
  static const char * const known[] = {
    "description", "name", "address", "birth", "sex", "my_number", "pin",
    "pin_tries_left", "applications", "atr", "faults", NULL,
  };
  const char *name, *address, *birth, *sex, *my_number, *pin;

  if (!reject_unknown_members (object, known, "", error))
    return FALSE;

  if (!(name = get_string (object, "name", 0, error))
      || !(address = get_string (object, "address", 0, error))
      || !(birth = get_string (object, "birth", 8, error))
      || !(sex = get_string (object, "sex", 1, error))
      || !(my_number = get_string (object, "my_number", KAKANAI_MY_NUMBER_LENGTH, error))
      || !(pin = get_string (object, "pin", KAKANAI_MYNUMBER_PIN_LENGTH, error)))
    return FALSE;
  if (!kakanai_mynumber_pin_is_well_formed (pin))
    return profile_error (error, "pin", _("must be 4 digits"));

  sim->pin_tries_left = KAKANAI_MYNUMBER_PIN_MAX_TRIES;
  if (!get_optional_uint (object, "pin_tries_left", KAKANAI_MYNUMBER_PIN_MAX_TRIES, &sim->pin_tries_left))
    return profile_error (error, "pin_tries_left", _("must be a number from 0 to 3"));

  if (json_object_has_member (object, "faults"))
    {
      JsonNode *node = json_object_get_member (object, "faults");

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return profile_error (error, "faults", _("must be an object"));
      if (!load_faults (&sim->faults, json_node_get_object (node), error))
        return FALSE;
    }

  if (!load_applications (sim, object, error) || !load_atr (sim, object, error))
    return FALSE;

  memcpy (sim->pin, pin, KAKANAI_MYNUMBER_PIN_LENGTH);
  sim->basic_four_file = build_basic_four (name, address, birth, sex, sim->faults.malformed_basic_four);
  sim->my_number_file = build_my_number (my_number);
  return TRUE;
}

static KakanaiSimCard *
sim_card_new_from_parser (JsonParser *parser,
                          GError    **error)
{
  g_autoptr(KakanaiSimCard) sim = g_new0 (KakanaiSimCard, 1);
  JsonNode *root = json_parser_get_root (parser);

  g_atomic_ref_count_init (&sim->ref_count);
  g_mutex_init (&sim->mutex);
  sim->pending_response = g_byte_array_new ();

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Card profile: the file must hold one JSON object."));
      return NULL;
    }
  if (!load_profile (sim, json_node_get_object (root), error))
    return NULL;
  return g_steal_pointer (&sim);
}

KakanaiSimCard *
kakanai_sim_card_new_from_data (const char *json,
                                gssize      length,
                                GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, length, error))
    return NULL;
  return sim_card_new_from_parser (parser, error);
}

KakanaiSimCard *
kakanai_sim_card_new_from_file (const char *path,
                                GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  KakanaiSimCard *sim;

  g_return_val_if_fail (path != NULL, NULL);

  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", path);
      return NULL;
    }
  sim = sim_card_new_from_parser (parser, &local_error);
  if (sim == NULL)
    g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", path);
  return sim;
}

KakanaiSimCard *
kakanai_sim_card_ref (KakanaiSimCard *sim)
{
  g_return_val_if_fail (sim != NULL, NULL);

  g_atomic_ref_count_inc (&sim->ref_count);
  return sim;
}

void
kakanai_sim_card_unref (KakanaiSimCard *sim)
{
  if (sim == NULL || !g_atomic_ref_count_dec (&sim->ref_count))
    return;

  g_clear_pointer (&sim->basic_four_file, kakanai_secure_byte_array_free);
  g_clear_pointer (&sim->my_number_file, kakanai_secure_byte_array_free);
  g_clear_pointer (&sim->pending_response, kakanai_secure_byte_array_free);
  g_clear_pointer (&sim->atr, g_bytes_unref);
  g_mutex_clear (&sim->mutex);
  kakanai_wipe (sim, sizeof *sim);
  g_free (sim);
}

/* ---- Answering APDUs (all under sim->mutex) ------------------------------ */

static void
append_sw (GByteArray *response,
           guint16     sw)
{
  const guint8 bytes[] = { sw >> 8, sw & 0xFF };

  g_byte_array_append (response, bytes, sizeof bytes);
}

static void
discard_pending_response (KakanaiSimCard *sim)
{
  kakanai_wipe (sim->pending_response->data, sim->pending_response->len);
  g_byte_array_set_size (sim->pending_response, 0);
}

static void
clear_session (KakanaiSimCard *sim)
{
  sim->application_selected = FALSE;
  sim->pin_verified = FALSE;
  sim->selected_file = 0;
  discard_pending_response (sim);
}

static guint16
answer_select (KakanaiSimCard *sim,
               const guint8   *command,
               gsize           length)
{
  gsize lc = command[4];

  if (length != 5 + lc)
    return KAKANAI_SW_WRONG_LENGTH;

  if (command[2] == KAKANAI_SELECT_P1_DF_NAME)
    {
      gboolean ours = lc == KAKANAI_MYNUMBER_AID_LENGTH
                      && memcmp (command + 5, kakanai_mynumber_aid, lc) == 0;

      clear_session (sim);
      if (!ours || !sim->has_application)
        return KAKANAI_SW_FILE_NOT_FOUND;
      sim->application_selected = TRUE;
      return KAKANAI_SW_OK;
    }

  if (command[2] == KAKANAI_SELECT_P1_EF_ID)
    {
      guint16 file_id;

      if (lc != 2)
        return KAKANAI_SW_WRONG_LENGTH;
      file_id = (guint16) (command[5] << 8 | command[6]);
      if (!sim->application_selected
          || (file_id != KAKANAI_MYNUMBER_EF_MY_NUMBER && file_id != KAKANAI_MYNUMBER_EF_BASIC_FOUR))
        return KAKANAI_SW_FILE_NOT_FOUND;
      sim->selected_file = file_id;
      return KAKANAI_SW_OK;
    }

  return KAKANAI_SW_INCORRECT_P1P2;
}

static guint16
tries_status (guint tries_left)
{
  return tries_left == 0 ? KAKANAI_SW_AUTH_BLOCKED : (guint16) (0x63C0 | tries_left);
}

/* Compares the whole PIN whatever the first difference, as a card would. */
static gboolean
pin_matches (KakanaiSimCard *sim,
             const guint8   *candidate)
{
  guint8 difference = 0;

  for (guint i = 0; i < KAKANAI_MYNUMBER_PIN_LENGTH; i++)
    difference |= (guint8) (sim->pin[i] ^ candidate[i]);
  return difference == 0;
}

static guint16
answer_verify (KakanaiSimCard *sim,
               const guint8   *command,
               gsize           length)
{
  if (command[2] != 0x00 || command[3] != KAKANAI_VERIFY_P2_PIN)
    return KAKANAI_SW_INCORRECT_P1P2;
  if (!sim->application_selected)
    return KAKANAI_SW_FILE_NOT_FOUND;

  if (length == 4)
    {
      if (sim->pin_tries_left > 0 && sim->pin_verified)
        return KAKANAI_SW_OK;
      return tries_status (sim->pin_tries_left);
    }

  if (command[4] != KAKANAI_MYNUMBER_PIN_LENGTH || length != 5 + KAKANAI_MYNUMBER_PIN_LENGTH)
    return KAKANAI_SW_WRONG_LENGTH;
  if (sim->pin_tries_left == 0)
    return KAKANAI_SW_AUTH_BLOCKED;

  if (pin_matches (sim, command + 5))
    {
      sim->pin_tries_left = KAKANAI_MYNUMBER_PIN_MAX_TRIES;
      sim->pin_verified = TRUE;
      return KAKANAI_SW_OK;
    }
  sim->pin_tries_left--;
  sim->pin_verified = FALSE;
  return (guint16) (0x63C0 | sim->pin_tries_left);
}

static GByteArray *
selected_file_contents (KakanaiSimCard *sim)
{
  switch (sim->selected_file)
    {
    case KAKANAI_MYNUMBER_EF_MY_NUMBER:
      return sim->my_number_file;
    case KAKANAI_MYNUMBER_EF_BASIC_FOUR:
      return sim->basic_four_file;
    default:
      return NULL;
    }
}

/* With T=0 a card cannot answer a Le that does not match what it has: it
 * says 6Cxx with the right one. */
static guint16
answer_read_binary (KakanaiSimCard *sim,
                    const guint8   *command,
                    gsize           length,
                    GByteArray     *response)
{
  GByteArray *file = selected_file_contents (sim);
  gsize offset, available, wanted;

  if (length != 5)
    return KAKANAI_SW_WRONG_LENGTH;
  if (command[2] & 0x80)
    return KAKANAI_SW_INCORRECT_P1P2;
  if (file == NULL)
    return 0x6986; /* command not allowed: no current EF */
  if (!sim->pin_verified)
    return KAKANAI_SW_SECURITY_NOT_SATISFIED;

  offset = (gsize) (command[2] << 8 | command[3]);
  if (offset > file->len)
    return KAKANAI_SW_WRONG_P1P2;
  wanted = command[4] == 0 ? 256 : command[4];
  available = MIN (file->len - offset, (gsize) 256);

  if (sim->faults.t0 && wanted != available)
    return (guint16) (0x6C00 | (available & 0xFF));
  if (available == 0)
    return KAKANAI_SW_END_OF_FILE;

  g_byte_array_append (response, file->data + offset, (guint) MIN (wanted, available));
  return KAKANAI_SW_OK;
}

static guint16
answer_get_response (KakanaiSimCard *sim,
                     const guint8   *command,
                     gsize           length,
                     GByteArray     *response)
{
  GByteArray *pending = sim->pending_response;
  gsize wanted, given;

  if (length != 5)
    return KAKANAI_SW_WRONG_LENGTH;
  if (pending->len == 0)
    return 0x6985; /* conditions of use not satisfied: nothing to get */

  wanted = command[4] == 0 ? 256 : command[4];
  if (wanted > pending->len)
    return (guint16) (0x6C00 | (pending->len & 0xFF));

  given = wanted;
  g_byte_array_append (response, pending->data, (guint) given);
  kakanai_wipe (pending->data, given);
  g_byte_array_remove_range (pending, 0, (guint) given);
  if (pending->len > 0)
    return (guint16) (0x6100 | MIN (pending->len, (gsize) 256));
  return KAKANAI_SW_OK;
}

static SimCommand
classify (const guint8 *command,
          gsize         length)
{
  switch (command[1])
    {
    case KAKANAI_INS_SELECT:
      return command[2] == KAKANAI_SELECT_P1_DF_NAME ? SIM_COMMAND_SELECT_AP : SIM_COMMAND_SELECT_EF;
    case KAKANAI_INS_VERIFY:
      return length == 4 ? SIM_COMMAND_TRIES : SIM_COMMAND_VERIFY;
    case KAKANAI_INS_READ_BINARY:
      return SIM_COMMAND_READ_BINARY;
    case KAKANAI_INS_GET_RESPONSE:
      return SIM_COMMAND_GET_RESPONSE;
    default:
      return SIM_COMMAND_OTHER;
    }
}

/* Appends data (if any) to @response and returns the status word. */
static guint16
answer_command (KakanaiSimCard *sim,
                const guint8   *command,
                gsize           length,
                GByteArray     *response)
{
  SimCommand kind;

  if (length < 4)
    return KAKANAI_SW_WRONG_LENGTH;
  if (command[0] != 0x00)
    return KAKANAI_SW_CLA_NOT_SUPPORTED;

  kind = classify (command, length);
  if (sim->faults.status_words[kind] != 0)
    return sim->faults.status_words[kind];

  switch (kind)
    {
    case SIM_COMMAND_SELECT_AP:
    case SIM_COMMAND_SELECT_EF:
      return length < 5 ? KAKANAI_SW_WRONG_LENGTH : answer_select (sim, command, length);
    case SIM_COMMAND_TRIES:
    case SIM_COMMAND_VERIFY:
      return answer_verify (sim, command, length);
    case SIM_COMMAND_READ_BINARY:
      return answer_read_binary (sim, command, length, response);
    case SIM_COMMAND_GET_RESPONSE:
      return answer_get_response (sim, command, length, response);
    case SIM_COMMAND_OTHER:
    case SIM_N_COMMANDS:
    default:
      return KAKANAI_SW_INS_NOT_SUPPORTED;
    }
}

/* T=0: data is not sent with the status word; the card announces it with
 * 61xx and hands it out on GET RESPONSE. */
static void
hold_data_for_get_response (KakanaiSimCard *sim,
                            GByteArray     *answer,
                            guint16        *sw)
{
  if (answer->len == 0 || *sw != KAKANAI_SW_OK)
    return;

  g_byte_array_append (sim->pending_response, answer->data, answer->len);
  *sw = (guint16) (0x6100 | (answer->len & 0xFF));
  kakanai_wipe (answer->data, answer->len);
  g_byte_array_set_size (answer, 0);
}

/* The fault "truncate_response_of_apdu": the second half of the data is lost
 * (status word kept); an answer without data loses its last byte. */
static void
truncate_answer (GByteArray *answer)
{
  gsize data_length = answer->len - 2;

  if (data_length == 0)
    g_byte_array_set_size (answer, 1);
  else
    g_byte_array_remove_range (answer, (guint) (data_length / 2), (guint) (data_length - data_length / 2));
}

gboolean
kakanai_sim_card_process_apdu (KakanaiSimCard *sim,
                               const guint8   *command,
                               gsize           command_length,
                               GByteArray     *response,
                               GError        **error)
{
  g_autoptr(GByteArray) answer = g_byte_array_sized_new (KAKANAI_APDU_MAX_RESPONSE);
  g_autoptr(GMutexLocker) locker = NULL;
  gboolean t0_fetchable;
  guint16 sw;

  g_return_val_if_fail (sim != NULL, FALSE);
  g_return_val_if_fail (command != NULL, FALSE);
  g_return_val_if_fail (response != NULL, FALSE);

  /* Outside the lock, so that a slow card does not block the test thread's queries. */
  if (sim->faults.delay_ms > 0)
    g_usleep ((gulong) sim->faults.delay_ms * 1000);

  locker = g_mutex_locker_new (&sim->mutex);
  sim->n_apdus++;
  if (sim->faults.remove_after_apdu != 0 && sim->n_apdus >= sim->faults.remove_after_apdu)
    sim->removed = TRUE;
  if (sim->removed)
    {
      g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_CARD_REMOVED,
                   _("The card was removed."));
      return FALSE;
    }

  /* With T=0, data not fetched by the very next command is lost. */
  t0_fetchable = sim->faults.t0 && command_length >= 2 && command[1] != KAKANAI_INS_GET_RESPONSE;
  if (t0_fetchable)
    discard_pending_response (sim);
  sw = answer_command (sim, command, command_length, answer);
  if (t0_fetchable)
    hold_data_for_get_response (sim, answer, &sw);
  append_sw (answer, sw);
  if (sim->n_apdus == sim->faults.truncate_response_of_apdu)
    truncate_answer (answer);

  g_byte_array_append (response, answer->data, answer->len);
  kakanai_wipe (answer->data, answer->len);
  return TRUE;
}

/* ---- Power and queries --------------------------------------------------- */

gboolean
kakanai_sim_card_is_present (KakanaiSimCard *sim)
{
  gboolean present;

  g_mutex_lock (&sim->mutex);
  present = !sim->removed;
  g_mutex_unlock (&sim->mutex);
  return present;
}

GBytes *
kakanai_sim_card_get_atr (KakanaiSimCard *sim)
{
  g_return_val_if_fail (sim != NULL, NULL);

  return g_bytes_ref (sim->atr);
}

static void
power_event (KakanaiSimCard *sim)
{
  g_mutex_lock (&sim->mutex);
  clear_session (sim);
  g_mutex_unlock (&sim->mutex);
}

void
kakanai_sim_card_power_on (KakanaiSimCard *sim)
{
  power_event (sim);
}

void
kakanai_sim_card_power_off (KakanaiSimCard *sim)
{
  power_event (sim);
}

void
kakanai_sim_card_reset (KakanaiSimCard *sim)
{
  power_event (sim);
}

guint
kakanai_sim_card_get_pin_tries_left (KakanaiSimCard *sim)
{
  guint tries_left;

  g_mutex_lock (&sim->mutex);
  tries_left = sim->pin_tries_left;
  g_mutex_unlock (&sim->mutex);
  return tries_left;
}

guint
kakanai_sim_card_get_n_apdus (KakanaiSimCard *sim)
{
  guint n_apdus;

  g_mutex_lock (&sim->mutex);
  n_apdus = sim->n_apdus;
  g_mutex_unlock (&sim->mutex);
  return n_apdus;
}
