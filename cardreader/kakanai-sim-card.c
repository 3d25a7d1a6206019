/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-sim-card.c: a simulated My Number card that answers APDUs from a profile */
#define G_LOG_DOMAIN "kakanai-cardsim"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "kakanai-apdu.h"
#include "kakanai-card-error.h"
#include "kakanai-input.h"
#include "kakanai-mynumber.h"
#include "kakanai-mynumber-private.h"
#include <kakanai-json-wipe.h>
#include <kakanai-secure.h>
#include "kakanai-sim-card.h"
#include "kakanai-tlv.h"

/* The commands whose status word a profile can force ("faults"/"status_words"). */
typedef enum
{
  SIM_COMMAND_SELECT_AP,
  SIM_COMMAND_SELECT_EF,
  SIM_COMMAND_SELECT_PIN_EF, /* SELECT EF 0011; falls back to select_ef's */
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
  [SIM_COMMAND_SELECT_PIN_EF] = "select_pin_ef",
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
  gboolean short_reads_6282;      /* a read with fewer bytes than Le says 62 82 */
  gboolean no_extended_length;    /* extended-length APDUs get 67 00 */
  gboolean cut_256_byte_answers;  /* the reader loses the SW of a 256-byte answer */
  guint16  status_words[SIM_N_COMMANDS]; /* 0: answer normally */
} SimFaults;

struct _KakanaiSimCard
{
  gatomicrefcount ref_count;
  GMutex          mutex;

  /* From the profile; fixed after loading. */
  GByteArray *basic_four_file; /* EF 0002 */
  GByteArray *my_number_file;  /* EF 0001 */
  gsize       max_answer;      /* the longest answer: the larger EF + SW */
  char        pin[KAKANAI_MYNUMBER_PIN_LENGTH];
  gboolean    has_application;
  GBytes     *atr;
  SimFaults   faults;

  /* State; under mutex. Tries live as long as the object; the rest is the
   * card's session, cleared on power-on, reset and a new SELECT of the AP. */
  guint       pin_tries_left;
  guint       n_apdus;
  gboolean    removed;
  gboolean    application_selected; /* the current DF is the AP (else none) */
  guint16     current_ef;           /* 0: none */
  gboolean    pin_verified;
  GByteArray *pending_response;     /* T=0: data waiting for GET RESPONSE */
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
    "malformed_basic_four", "status_words", "t0", "short_reads_6282",
    "no_extended_length", "cut_256_byte_answers", NULL,
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
  if (!get_optional_bool (object, "short_reads_6282", &faults->short_reads_6282))
    return profile_error (error, "faults.short_reads_6282", _("must be true or false"));
  if (!get_optional_bool (object, "no_extended_length", &faults->no_extended_length))
    return profile_error (error, "faults.no_extended_length", _("must be true or false"));
  if (!get_optional_bool (object, "cut_256_byte_answers", &faults->cut_256_byte_answers))
    return profile_error (error, "faults.cut_256_byte_answers", _("must be true or false"));

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

static gsize
tlv_size (gsize tag_size,
          gsize value_length)
{
  return tlv_header_size (tag_size, value_length) + value_length;
}

/* EF 0002: FF 20 { DF 21 offsets, DF 22 name, DF 23 address, DF 24 birth, DF 25 sex }.
 * DF 21 holds the file offsets of the four objects after it, 16-bit big-endian.
 * Every array is sized before it fills: a reallocation would leave a copy of
 * the name and address in freed memory. */
static GByteArray *
build_basic_four (const char *name,
                  const char *address,
                  const char *birth,
                  const char *sex,
                  gboolean    malformed)
{
  const gsize header_object_size = 3 + 8; /* DF 21 08 + four offsets */
  const char *texts[4] = { name, address, birth, sex };
  gsize items_size = 0, value_size, first_item;
  g_autoptr(GByteArray) items = NULL;
  g_autoptr(GByteArray) value = NULL;
  GByteArray *file;
  guint8 offsets[8];
  gsize item_starts[4];

  for (guint i = 0; i < 4; i++)
    items_size += tlv_size (2, strlen (texts[i]));
  if (malformed)
    items_size += 5; /* at most the longest name header */
  value_size = header_object_size + items_size;
  items = g_byte_array_sized_new ((guint) items_size);
  value = g_byte_array_sized_new ((guint) value_size);
  file = g_byte_array_sized_new ((guint) tlv_size (2, value_size));

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

  kakanai_tlv_append (value, KAKANAI_MYNUMBER_TAG_HEADER, offsets, sizeof offsets);
  g_byte_array_append (value, items->data, items->len);
  kakanai_tlv_append (file, KAKANAI_MYNUMBER_TAG_BASIC_FOUR, value->data, value->len);
  kakanai_wipe (value->data, value->len);
  kakanai_wipe (items->data, items->len);
  return file;
}

/* EF 0001: DF 10 0C + the 12 digits, and two bytes of padding: the file is
 * 17 bytes, what jpki/myna reads of it in one READ BINARY (unverified). */
#define SIM_MY_NUMBER_FILE_SIZE 17

static GByteArray *
build_my_number (const char *my_number)
{
  GByteArray *file = g_byte_array_sized_new (SIM_MY_NUMBER_FILE_SIZE);
  const guint8 padding = 0xFF;

  append_text (file, KAKANAI_MYNUMBER_TAG_MY_NUMBER, my_number);
  while (file->len < SIM_MY_NUMBER_FILE_SIZE)
    g_byte_array_append (file, &padding, 1);
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
  sim->max_answer = MAX (MAX (sim->basic_four_file->len, sim->my_number_file->len),
                         (gsize) KAKANAI_APDU_MAX_DATA) + 2;
  sim->pending_response = g_byte_array_sized_new ((guint) sim->max_answer);
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

/* Refuses oversized and too deeply nested JSON before json-glib (which
 * recurses) sees it. */
static KakanaiSimCard *
sim_card_new_from_json (const char *json,
                        gsize       length,
                        GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  KakanaiSimCard *sim;

  if (!kakanai_json_check_limits (json, length, KAKANAI_SIM_PROFILE_MAX_BYTES,
                                  KAKANAI_JSON_MAX_DEPTH, error))
    return NULL;
  if (!json_parser_load_from_data (parser, json, (gssize) length, error))
    return NULL;
  sim = sim_card_new_from_parser (parser, error);
  /* The profile's strings (the PIN, the name, the address) go before json-glib frees them. */
  kakanai_json_wipe_strings (json_parser_get_root (parser));
  return sim;
}

KakanaiSimCard *
kakanai_sim_card_new_from_data (const char *json,
                                gssize      length,
                                GError    **error)
{
  g_return_val_if_fail (json != NULL, NULL);

  return sim_card_new_from_json (json, length < 0 ? strlen (json) : (gsize) length, error);
}

KakanaiSimCard *
kakanai_sim_card_new_from_file (const char *path,
                                GError    **error)
{
  g_autoptr(GBytes) contents = NULL; /* wiped when released */
  g_autoptr(GError) local_error = NULL;
  KakanaiSimCard *sim;
  gsize length;
  const char *json;

  g_return_val_if_fail (path != NULL, NULL);

  contents = kakanai_file_read_limited (path, KAKANAI_SIM_PROFILE_MAX_BYTES, error);
  if (contents == NULL)
    return NULL;
  json = g_bytes_get_data (contents, &length);
  sim = sim_card_new_from_json (json, length, &local_error);
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

/* A command APDU taken apart (ISO/IEC 7816-4 cases 1 to 4, short and
 * extended). @le is 0 when there is none, else 1 to 65536. */
typedef struct
{
  guint8        ins, p1, p2;
  const guint8 *data;
  gsize         lc;
  gsize         le;
  gboolean      extended;
} SimApdu;

static gboolean
parse_apdu (const guint8 *command,
            gsize         length,
            SimApdu      *apdu)
{
  *apdu = (SimApdu) { .ins = command[1], .p1 = command[2], .p2 = command[3] };

  if (length == 4)
    return TRUE;
  if (length == 5)
    {
      apdu->le = command[4] == 0 ? 256 : command[4];
      return TRUE;
    }
  if (command[4] != 0)
    {
      apdu->lc = command[4];
      apdu->data = command + 5;
      if (length == 5 + apdu->lc)
        return TRUE;
      if (length == 6 + apdu->lc)
        {
          apdu->le = command[length - 1] == 0 ? 256 : command[length - 1];
          return TRUE;
        }
      return FALSE;
    }

  /* 00 then two length bytes: extended. */
  apdu->extended = TRUE;
  if (length < 7)
    return FALSE;
  if (length == 7)
    {
      apdu->le = (gsize) (command[5] << 8 | command[6]);
      if (apdu->le == 0)
        apdu->le = 65536;
      return TRUE;
    }
  apdu->lc = (gsize) (command[5] << 8 | command[6]);
  apdu->data = command + 7;
  if (apdu->lc == 0)
    return FALSE;
  if (length == 7 + apdu->lc)
    return TRUE;
  if (length == 9 + apdu->lc)
    {
      apdu->le = (gsize) (command[length - 2] << 8 | command[length - 1]);
      if (apdu->le == 0)
        apdu->le = 65536;
      return TRUE;
    }
  return FALSE;
}

static void
append_sw (GByteArray *response,
           guint16     sw)
{
  const guint8 bytes[] = { sw >> 8, sw & 0xFF };

  g_byte_array_append (response, bytes, sizeof bytes);
}

/* Shortens @array to @length, wiping what is cut: GByteArray keeps the old
 * bytes in its allocation. */
static void
shrink_wiping (GByteArray *array,
               guint       length)
{
  if (length >= array->len)
    return;
  kakanai_wipe (array->data + length, array->len - length);
  g_byte_array_set_size (array, length);
}

static void
discard_pending_response (KakanaiSimCard *sim)
{
  shrink_wiping (sim->pending_response, 0);
}

static void
clear_session (KakanaiSimCard *sim)
{
  sim->application_selected = FALSE;
  sim->pin_verified = FALSE;
  sim->current_ef = 0;
  discard_pending_response (sim);
}

/* The AP's EFs: what READ BINARY gives (NULL for the PIN EF, not readable). */
static gboolean
find_ef (KakanaiSimCard *sim,
         guint16         file_id,
         GByteArray    **contents)
{
  switch (file_id)
    {
    case KAKANAI_MYNUMBER_EF_MY_NUMBER:
      *contents = sim->my_number_file;
      return TRUE;
    case KAKANAI_MYNUMBER_EF_BASIC_FOUR:
      *contents = sim->basic_four_file;
      return TRUE;
    case KAKANAI_MYNUMBER_EF_PIN:
      *contents = NULL;
      return TRUE;
    default:
      return FALSE;
    }
}

static guint16
ef_of_short_id (guint8 sfi)
{
  switch (sfi)
    {
    case KAKANAI_MYNUMBER_SFI_MY_NUMBER:
      return KAKANAI_MYNUMBER_EF_MY_NUMBER;
    case KAKANAI_MYNUMBER_SFI_BASIC_FOUR:
      return KAKANAI_MYNUMBER_EF_BASIC_FOUR;
    case KAKANAI_MYNUMBER_SFI_PIN:
      return KAKANAI_MYNUMBER_EF_PIN;
    default:
      return 0;
    }
}

static guint16
answer_select (KakanaiSimCard *sim,
               const SimApdu  *apdu)
{
  GByteArray *contents;
  guint16 file_id;

  if (apdu->lc == 0)
    return KAKANAI_SW_WRONG_LENGTH;

  if (apdu->p1 == KAKANAI_SELECT_P1_DF_NAME)
    {
      gboolean ours = apdu->lc == KAKANAI_MYNUMBER_AID_LENGTH
                      && memcmp (apdu->data, kakanai_mynumber_aid, apdu->lc) == 0;

      clear_session (sim);
      if (!ours || !sim->has_application)
        return KAKANAI_SW_FILE_NOT_FOUND;
      sim->application_selected = TRUE;
      return KAKANAI_SW_OK;
    }

  if (apdu->p1 != KAKANAI_SELECT_P1_EF_ID)
    return KAKANAI_SW_INCORRECT_P1P2;
  if (apdu->lc != 2)
    return KAKANAI_SW_WRONG_LENGTH;
  if (!sim->application_selected)
    return KAKANAI_SW_COMMAND_NOT_ALLOWED; /* no current DF */
  file_id = (guint16) (apdu->data[0] << 8 | apdu->data[1]);
  if (!find_ef (sim, file_id, &contents))
    return KAKANAI_SW_FILE_NOT_FOUND;
  sim->current_ef = file_id;
  return KAKANAI_SW_OK;
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

/* P2 = 80: the PIN of the current EF; P2 = 80 | SFI: the PIN EF by its short
 * id in the current DF. */
static guint16
check_pin_reference (KakanaiSimCard *sim,
                     guint8          p2)
{
  if ((p2 & 0xE0) != KAKANAI_VERIFY_P2_PIN)
    return KAKANAI_SW_INCORRECT_P1P2;
  if (!sim->application_selected)
    return KAKANAI_SW_COMMAND_NOT_ALLOWED;
  if (p2 == KAKANAI_VERIFY_P2_PIN)
    return sim->current_ef == KAKANAI_MYNUMBER_EF_PIN ? KAKANAI_SW_OK : KAKANAI_SW_COMMAND_NOT_ALLOWED;
  if (ef_of_short_id (p2 & 0x1F) != KAKANAI_MYNUMBER_EF_PIN)
    return KAKANAI_SW_REFERENCE_NOT_FOUND;
  return KAKANAI_SW_OK;
}

static guint16
answer_verify (KakanaiSimCard *sim,
               const SimApdu  *apdu)
{
  guint16 reference;

  if (apdu->p1 != 0x00)
    return KAKANAI_SW_INCORRECT_P1P2;
  reference = check_pin_reference (sim, apdu->p2);
  if (reference != KAKANAI_SW_OK)
    return reference;

  if (apdu->lc == 0)
    {
      if (apdu->le != 0)
        return KAKANAI_SW_WRONG_LENGTH;
      if (sim->pin_tries_left > 0 && sim->pin_verified)
        return KAKANAI_SW_OK;
      return tries_status (sim->pin_tries_left);
    }

  if (apdu->lc != KAKANAI_MYNUMBER_PIN_LENGTH || apdu->le != 0)
    return KAKANAI_SW_WRONG_LENGTH;
  if (sim->pin_tries_left == 0)
    return KAKANAI_SW_AUTH_BLOCKED;

  if (pin_matches (sim, apdu->data))
    {
      sim->pin_tries_left = KAKANAI_MYNUMBER_PIN_MAX_TRIES;
      sim->pin_verified = TRUE;
      return KAKANAI_SW_OK;
    }
  sim->pin_tries_left--;
  sim->pin_verified = FALSE;
  return (guint16) (0x63C0 | sim->pin_tries_left);
}

/* P1 bit 8 clear: the current EF at offset P1P2 (15 bits); set: the EF with
 * short id P1 & 1F, which becomes current, at offset P2. */
static guint16
answer_read_binary (KakanaiSimCard *sim,
                    const SimApdu  *apdu,
                    GByteArray     *response)
{
  GByteArray *file = NULL;
  guint16 file_id = sim->current_ef;
  gsize offset, available, given;

  if (apdu->lc != 0 || apdu->le == 0)
    return KAKANAI_SW_WRONG_LENGTH;
  if (apdu->p1 & 0x80)
    {
      if (apdu->p1 & 0x60)
        return KAKANAI_SW_INCORRECT_P1P2;
      if (!sim->application_selected)
        return KAKANAI_SW_COMMAND_NOT_ALLOWED;
      file_id = ef_of_short_id (apdu->p1 & 0x1F);
      if (file_id == 0)
        return KAKANAI_SW_FILE_NOT_FOUND;
      sim->current_ef = file_id;
      offset = apdu->p2;
    }
  else
    offset = (gsize) (apdu->p1 << 8 | apdu->p2);

  if (!sim->application_selected || file_id == 0)
    return KAKANAI_SW_COMMAND_NOT_ALLOWED; /* no current EF */
  find_ef (sim, file_id, &file);
  if (file == NULL)
    return KAKANAI_SW_INCOMPATIBLE_FILE; /* the PIN EF is not readable */
  if (!sim->pin_verified)
    return KAKANAI_SW_SECURITY_NOT_SATISFIED;
  if (offset > file->len)
    return KAKANAI_SW_WRONG_P1P2;

  available = file->len - offset;
  if (available == 0)
    return KAKANAI_SW_END_OF_FILE;
  /* With T=0 a card cannot send fewer bytes than Le: it says 6Cxx with the right one. */
  if (sim->faults.t0 && !apdu->extended && apdu->le > available)
    return (guint16) (0x6C00 | (available & 0xFF));

  given = MIN (apdu->le, available);
  g_byte_array_append (response, file->data + offset, (guint) given);
  if (given < apdu->le && sim->faults.short_reads_6282)
    return KAKANAI_SW_END_OF_FILE;
  return KAKANAI_SW_OK;
}

static guint16
answer_get_response (KakanaiSimCard *sim,
                     const SimApdu  *apdu,
                     GByteArray     *response)
{
  GByteArray *pending = sim->pending_response;
  gsize given;

  if (apdu->lc != 0 || apdu->le == 0 || apdu->extended)
    return KAKANAI_SW_WRONG_LENGTH;
  if (pending->len == 0)
    return 0x6985; /* conditions of use not satisfied: nothing to get */
  if (apdu->le > pending->len)
    return (guint16) (0x6C00 | (pending->len & 0xFF));

  given = apdu->le;
  g_byte_array_append (response, pending->data, (guint) given);
  memmove (pending->data, pending->data + given, pending->len - given);
  shrink_wiping (pending, (guint) (pending->len - given));
  if (pending->len > 0)
    return (guint16) (0x6100 | (MIN (pending->len, (gsize) 256) & 0xFF));
  return KAKANAI_SW_OK;
}

static SimCommand
classify (const SimApdu *apdu)
{
  switch (apdu->ins)
    {
    case KAKANAI_INS_SELECT:
      if (apdu->p1 == KAKANAI_SELECT_P1_DF_NAME)
        return SIM_COMMAND_SELECT_AP;
      if (apdu->lc == 2 && apdu->data[0] == (KAKANAI_MYNUMBER_EF_PIN >> 8)
          && apdu->data[1] == (KAKANAI_MYNUMBER_EF_PIN & 0xFF))
        return SIM_COMMAND_SELECT_PIN_EF;
      return SIM_COMMAND_SELECT_EF;
    case KAKANAI_INS_VERIFY:
      return apdu->lc == 0 ? SIM_COMMAND_TRIES : SIM_COMMAND_VERIFY;
    case KAKANAI_INS_READ_BINARY:
      return SIM_COMMAND_READ_BINARY;
    case KAKANAI_INS_GET_RESPONSE:
      return SIM_COMMAND_GET_RESPONSE;
    default:
      return SIM_COMMAND_OTHER;
    }
}

static guint16
forced_status (KakanaiSimCard *sim,
               SimCommand      kind)
{
  if (kind == SIM_COMMAND_SELECT_PIN_EF && sim->faults.status_words[kind] == 0)
    kind = SIM_COMMAND_SELECT_EF;
  return sim->faults.status_words[kind];
}

/* Appends data (if any) to @response and returns the status word. */
static guint16
answer_command (KakanaiSimCard *sim,
                const guint8   *command,
                gsize           length,
                GByteArray     *response)
{
  SimApdu apdu;
  SimCommand kind;
  guint16 forced;

  if (length < 4)
    return KAKANAI_SW_WRONG_LENGTH;
  if (command[0] != 0x00)
    return KAKANAI_SW_CLA_NOT_SUPPORTED;
  if (!parse_apdu (command, length, &apdu))
    return KAKANAI_SW_WRONG_LENGTH;
  if (apdu.extended && sim->faults.no_extended_length)
    return KAKANAI_SW_WRONG_LENGTH;

  kind = classify (&apdu);
  forced = forced_status (sim, kind);
  if (forced != 0)
    return forced;

  switch (kind)
    {
    case SIM_COMMAND_SELECT_AP:
    case SIM_COMMAND_SELECT_EF:
    case SIM_COMMAND_SELECT_PIN_EF:
      return answer_select (sim, &apdu);
    case SIM_COMMAND_TRIES:
    case SIM_COMMAND_VERIFY:
      return answer_verify (sim, &apdu);
    case SIM_COMMAND_READ_BINARY:
      return answer_read_binary (sim, &apdu, response);
    case SIM_COMMAND_GET_RESPONSE:
      return answer_get_response (sim, &apdu, response);
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
  *sw = (guint16) (0x6100 | (MIN (answer->len, 256u) & 0xFF));
  shrink_wiping (answer, 0);
}

/* The fault "truncate_response_of_apdu": the second half of the data is lost
 * (status word kept); an answer without data loses its last byte. */
static void
truncate_answer (GByteArray *answer)
{
  guint data_length = answer->len - 2;
  guint kept = data_length / 2;

  if (data_length == 0)
    {
      shrink_wiping (answer, 1);
      return;
    }
  memmove (answer->data + kept, answer->data + data_length, 2);
  shrink_wiping (answer, kept + 2);
}

gboolean
kakanai_sim_card_process_apdu (KakanaiSimCard *sim,
                               const guint8   *command,
                               gsize           command_length,
                               GByteArray     *response,
                               GError        **error)
{
  g_autoptr(GByteArray) answer = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  gboolean t0_fetchable;
  guint start;
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

  /* Sized for the longest answer, so that it never grows (and leaves no copy). */
  answer = g_byte_array_sized_new ((guint) sim->max_answer);
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
  /* A reader with a 256-byte buffer: the status word after 256 data bytes is lost. */
  if (sim->faults.cut_256_byte_answers && answer->len == 256 + 2)
    shrink_wiping (answer, 256);

  /* Grown once before the copy, so @response's old allocation holds no answer. */
  start = response->len;
  g_byte_array_set_size (response, start + answer->len);
  memcpy (response->data + start, answer->data, answer->len);
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
