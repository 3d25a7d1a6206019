/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-mynumber.c: the 券面事項入力補助AP of the My Number card, in the fewest APDUs every card accepts */
#define G_LOG_DOMAIN "kakanai-card"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "kakanai-apdu.h"
#include "kakanai-card-error.h"
#include "kakanai-mynumber.h"
#include "kakanai-mynumber-private.h"
#include <kakanai-secure.h>
#include "kakanai-tlv.h"

const guint8 kakanai_mynumber_aid[KAKANAI_MYNUMBER_AID_LENGTH] = {
  0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08,
};

struct _KakanaiMyNumberCard
{
  KakanaiTransport        *transport; /* borrowed */
  KakanaiReadProgressFunc  progress;
  gpointer                 progress_data;
  GDestroyNotify           progress_destroy;
  /* The read under way: how many steps it has, how many are done. */
  guint                    n_steps;
  guint                    steps_done;
  /* P2 of VERIFY: the PIN of the current EF (80) once SELECT EF 0011 worked,
   * else the PIN EF by its short id (91) for cards that refuse that SELECT. */
  guint8                   verify_p2;
};

KakanaiMyNumberCard *
kakanai_mynumber_card_new (KakanaiTransport *transport)
{
  KakanaiMyNumberCard *card;

  g_return_val_if_fail (transport != NULL, NULL);

  card = g_new0 (KakanaiMyNumberCard, 1);
  card->transport = transport;
  card->verify_p2 = KAKANAI_VERIFY_P2_PIN;
  return card;
}

void
kakanai_mynumber_card_free (KakanaiMyNumberCard *card)
{
  if (card == NULL)
    return;
  kakanai_mynumber_card_set_progress_func (card, NULL, NULL, NULL);
  g_free (card);
}

void
kakanai_mynumber_card_set_progress_func (KakanaiMyNumberCard     *card,
                                         KakanaiReadProgressFunc  func,
                                         gpointer                 user_data,
                                         GDestroyNotify           destroy)
{
  GDestroyNotify old_destroy;
  gpointer old_data;

  g_return_if_fail (card != NULL);

  old_destroy = card->progress_destroy;
  old_data = card->progress_data;
  card->progress = func;
  card->progress_data = user_data;
  card->progress_destroy = destroy;
  if (old_destroy != NULL)
    old_destroy (old_data);
}

/* ---- Progress ----------------------------------------------------------- */

static void
begin_progress (KakanaiMyNumberCard *card,
                KakanaiReadFlags     flags)
{
  card->steps_done = 0;
  /* OPENING, CHECKING_PIN, READING_FACE (, READING_MY_NUMBER) */
  card->n_steps = (flags & KAKANAI_READ_WITH_MY_NUMBER) ? 4 : 3;
}

/* Announces @what; every step but the first also completes the one before. */
static void
report_step (KakanaiMyNumberCard *card,
             KakanaiReadStep      what)
{
  if (what != KAKANAI_READ_STEP_OPENING)
    card->steps_done++;
  g_assert (card->steps_done <= card->n_steps);
  if (card->progress != NULL)
    card->progress (card->steps_done, card->n_steps, what, card->progress_data);
}

/* ---- PIN and My Number checks ---------------------------------------- */

gboolean
kakanai_mynumber_pin_is_well_formed (const char *pin)
{
  if (pin == NULL)
    return FALSE;
  for (gsize i = 0; i < KAKANAI_MYNUMBER_PIN_LENGTH; i++)
    if (!g_ascii_isdigit (pin[i]))
      return FALSE;
  return pin[KAKANAI_MYNUMBER_PIN_LENGTH] == '\0';
}

int
kakanai_my_number_compute_check_digit (const char *eleven_digits)
{
  guint sum = 0;

  if (eleven_digits == NULL)
    return -1;
  for (guint i = 0; i < 11; i++)
    if (!g_ascii_isdigit (eleven_digits[i]))
      return -1;

  /* Pn is the n-th digit counted from the right; Qn = n + 1 (n ≤ 6), n − 5 (n ≥ 7). */
  for (guint n = 1; n <= 11; n++)
    {
      guint p = (guint) (eleven_digits[11 - n] - '0');
      guint q = n <= 6 ? n + 1 : n - 5;

      sum += p * q;
    }

  sum %= 11;
  return sum <= 1 ? 0 : (int) (11 - sum);
}

gboolean
kakanai_my_number_check_digit_valid (const char *twelve_digits)
{
  int check;

  if (twelve_digits == NULL || strnlen (twelve_digits, 13) != 12)
    return FALSE;
  check = kakanai_my_number_compute_check_digit (twelve_digits);
  return check >= 0 && g_ascii_isdigit (twelve_digits[11]) && twelve_digits[11] - '0' == check;
}

/* ---- Data parsing ------------------------------------------------------ */

static gboolean
invalid_item (GError    **error,
              const char *item)
{
  g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_BAD_DATA,
               _("The card’s %s is not valid."), item);
  return FALSE;
}

static char *
dup_utf8_text (const KakanaiTlv *tlv,
               const char       *item,
               GError          **error)
{
  /* Rejects embedded NULs too, so the copy below holds the whole value. */
  if (tlv->length == 0 || !g_utf8_validate_len ((const char *) tlv->value, tlv->length, NULL))
    {
      invalid_item (error, item);
      return NULL;
    }
  return g_strndup ((const char *) tlv->value, tlv->length);
}

gboolean
kakanai_mynumber_parse_basic_four (const guint8      *data,
                                   gsize              size,
                                   KakanaiCardRecord *record,
                                   GError           **error)
{
  KakanaiTlv outer, name, address, birth, sex;
  char birth_text[9];
  gboolean birth_ok;

  if (!kakanai_tlv_parse_one (data, size, &outer, NULL, error))
    return FALSE;
  if (outer.tag != KAKANAI_MYNUMBER_TAG_BASIC_FOUR)
    return invalid_item (error, _("face data"));

  if (!kakanai_tlv_find (outer.value, outer.length, KAKANAI_MYNUMBER_TAG_NAME, &name, error)
      || !kakanai_tlv_find (outer.value, outer.length, KAKANAI_MYNUMBER_TAG_ADDRESS, &address, error)
      || !kakanai_tlv_find (outer.value, outer.length, KAKANAI_MYNUMBER_TAG_BIRTH, &birth, error)
      || !kakanai_tlv_find (outer.value, outer.length, KAKANAI_MYNUMBER_TAG_SEX, &sex, error))
    return FALSE;

  if (birth.length != 8)
    return invalid_item (error, _("birth date"));
  memcpy (birth_text, birth.value, 8);
  birth_text[8] = '\0';
  birth_ok = kakanai_card_birth_date_is_valid (birth_text);
  if (birth_ok)
    memcpy (record->birth_date, birth_text, sizeof record->birth_date);
  kakanai_wipe (birth_text, sizeof birth_text);
  if (!birth_ok)
    return invalid_item (error, _("birth date"));

  if (sex.length != 1 || !kakanai_card_sex_from_digit ((char) sex.value[0], &record->sex))
    return invalid_item (error, _("sex code"));

  g_clear_pointer (&record->name, kakanai_secure_strfree);
  g_clear_pointer (&record->address, kakanai_secure_strfree);
  record->name = dup_utf8_text (&name, _("name"), error);
  if (record->name == NULL)
    return FALSE;
  record->address = dup_utf8_text (&address, _("address"), error);
  return record->address != NULL;
}

char *
kakanai_mynumber_parse_my_number (const guint8 *data,
                                  gsize         size,
                                  GError      **error)
{
  KakanaiTlv tlv;
  char *number;

  if (!kakanai_tlv_parse_one (data, size, &tlv, NULL, error))
    return NULL;
  if (tlv.tag != KAKANAI_MYNUMBER_TAG_MY_NUMBER || tlv.length != KAKANAI_MY_NUMBER_LENGTH)
    {
      invalid_item (error, _("My Number"));
      return NULL;
    }

  number = g_strndup ((const char *) tlv.value, tlv.length);
  if (!kakanai_my_number_check_digit_valid (number))
    {
      kakanai_secure_strfree (number);
      invalid_item (error, _("My Number (check digit)"));
      return NULL;
    }
  return number;
}

/* ---- APDUs -------------------------------------------------------------- */

static gboolean
unexpected_status (guint16      sw,
                   const char  *what,
                   GError     **error)
{
  g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_IO,
               _("The card answered %s with the unexpected status %04X."), what, sw);
  return FALSE;
}

static gboolean
select_application (KakanaiMyNumberCard *card,
                    GError             **error)
{
  guint8 command[5 + KAKANAI_MYNUMBER_AID_LENGTH] = {
    0x00, KAKANAI_INS_SELECT, KAKANAI_SELECT_P1_DF_NAME, 0x0C, KAKANAI_MYNUMBER_AID_LENGTH,
  };
  KakanaiApduResponse response;

  memcpy (command + 5, kakanai_mynumber_aid, KAKANAI_MYNUMBER_AID_LENGTH);
  if (!kakanai_apdu_exchange (card->transport, command, sizeof command, &response, error))
    return FALSE;
  if (kakanai_sw_is_success (response.sw))
    return TRUE;
  if (response.sw == KAKANAI_SW_FILE_NOT_FOUND)
    {
      kakanai_sw_set_error (response.sw, "SELECT", error);
      return FALSE;
    }
  return unexpected_status (response.sw, "SELECT", error);
}

static gboolean
select_file (KakanaiMyNumberCard *card,
             guint16              file_id,
             GError             **error)
{
  const guint8 command[] = {
    0x00, KAKANAI_INS_SELECT, KAKANAI_SELECT_P1_EF_ID, 0x0C, 0x02, file_id >> 8, file_id & 0xFF,
  };
  KakanaiApduResponse response;

  if (!kakanai_apdu_exchange (card->transport, command, sizeof command, &response, error))
    return FALSE;
  if (!kakanai_sw_is_success (response.sw))
    return unexpected_status (response.sw, "SELECT", error);
  return TRUE;
}

/* VERIFY with P2 = 80 refers to the PIN of the current EF, so the PIN EF is
 * selected first. A card that refuses that SELECT (6A82, 6A86) is asked with
 * the PIN EF's short id instead (P2 = 91), which needs no current EF. */
static gboolean
select_pin_file (KakanaiMyNumberCard *card,
                 GError             **error)
{
  const guint8 command[] = {
    0x00, KAKANAI_INS_SELECT, KAKANAI_SELECT_P1_EF_ID, 0x0C, 0x02,
    KAKANAI_MYNUMBER_EF_PIN >> 8, KAKANAI_MYNUMBER_EF_PIN & 0xFF,
  };
  KakanaiApduResponse response;

  if (!kakanai_apdu_exchange (card->transport, command, sizeof command, &response, error))
    return FALSE;
  if (kakanai_sw_is_success (response.sw))
    card->verify_p2 = KAKANAI_VERIFY_P2_PIN;
  else if (response.sw == KAKANAI_SW_FILE_NOT_FOUND || response.sw == KAKANAI_SW_INCORRECT_P1P2)
    card->verify_p2 = KAKANAI_VERIFY_P2_PIN | KAKANAI_MYNUMBER_SFI_PIN;
  else
    return unexpected_status (response.sw, "SELECT", error);
  return TRUE;
}

/* VERIFY without data: 63Cx, or 90 00 when the PIN is already verified (the
 * counter is then full), or 69 83/69 84 when blocked (0 left). */
static gboolean
query_tries_left (KakanaiMyNumberCard *card,
                  guint               *tries_left,
                  GError             **error)
{
  const guint8 command[] = { 0x00, KAKANAI_INS_VERIFY, 0x00, card->verify_p2 };
  KakanaiApduResponse response;

  if (!kakanai_apdu_exchange (card->transport, command, sizeof command, &response, error))
    return FALSE;
  if (kakanai_sw_is_tries_left (response.sw, tries_left))
    return TRUE;
  if (kakanai_sw_is_pin_blocked (response.sw))
    {
      *tries_left = 0;
      return TRUE;
    }
  if (response.sw == KAKANAI_SW_OK)
    {
      *tries_left = KAKANAI_MYNUMBER_PIN_MAX_TRIES;
      return TRUE;
    }
  return unexpected_status (response.sw, "VERIFY", error);
}

static gboolean
verify_pin (KakanaiMyNumberCard *card,
            const char          *pin,
            guint               *tries_left,
            GError             **error)
{
  guint8 command[5 + KAKANAI_MYNUMBER_PIN_LENGTH] = {
    0x00, KAKANAI_INS_VERIFY, 0x00, card->verify_p2, KAKANAI_MYNUMBER_PIN_LENGTH,
  };
  KakanaiApduResponse response;
  gboolean sent;

  report_step (card, KAKANAI_READ_STEP_CHECKING_PIN);
  memcpy (command + 5, pin, KAKANAI_MYNUMBER_PIN_LENGTH);
  sent = kakanai_apdu_exchange (card->transport, command, sizeof command, &response, error);
  kakanai_wipe (command, sizeof command);
  if (!sent)
    return FALSE;

  if (response.sw == KAKANAI_SW_OK)
    {
      *tries_left = KAKANAI_MYNUMBER_PIN_MAX_TRIES;
      return TRUE;
    }
  if (kakanai_sw_is_pin_blocked (response.sw))
    *tries_left = 0;
  else if (!kakanai_sw_is_tries_left (response.sw, tries_left))
    return unexpected_status (response.sw, "VERIFY", error);
  kakanai_sw_set_error (response.sw, "VERIFY", error); /* WRONG_PIN, or PIN_BLOCKED at 0 */
  return FALSE;
}

static gboolean
truncated_file (GError **error)
{
  g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_BAD_DATA,
               _("The card’s data ended early."));
  return FALSE;
}

/* READ BINARY of @wanted bytes (1..255) at @offset of the current EF, into
 * @response. Never Le 00: some contactless readers mishandle answers of
 * exactly 256 bytes. A card with fewer bytes left answers what it has, with
 * 90 00 or 62 82; nothing at all means the file ended. */
static gboolean
read_binary (KakanaiMyNumberCard *card,
             gsize                offset,
             guint                wanted,
             KakanaiApduResponse *response,
             GError             **error)
{
  const guint8 command[] = {
    0x00, KAKANAI_INS_READ_BINARY, (offset >> 8) & 0x7F, offset & 0xFF, (guint8) wanted,
  };

  g_assert (wanted > 0 && wanted <= KAKANAI_MYNUMBER_READ_CHUNK);

  if (!kakanai_apdu_exchange (card->transport, command, sizeof command, response, error))
    return FALSE;

  if (!kakanai_sw_is_success (response->sw))
    unexpected_status (response->sw, "READ BINARY", error);
  else if (response->length == 0)
    truncated_file (error);
  else if (response->length > wanted)
    g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_BAD_DATA,
                 _("The card sent more data than asked for."));
  else
    return TRUE;

  kakanai_apdu_response_clear (response);
  return FALSE;
}

/* The size of the TLV object at the start of @data (its header), checked
 * against what an EF of this AP can hold. */
static gboolean
tlv_object_size (const guint8 *data,
                 gsize         length,
                 gsize        *total,
                 GError      **error)
{
  guint32 tag;
  gsize header_length, value_length;

  if (!kakanai_tlv_parse_header (data, length, &tag, &header_length, &value_length, error))
    return FALSE;
  if (value_length > KAKANAI_MYNUMBER_BASIC_FOUR_MAX)
    {
      g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_BAD_DATA,
                   _("The card announced implausibly large data."));
      return FALSE;
    }
  *total = header_length + value_length;
  return TRUE;
}

/* Reads the one TLV object at the start of the current EF: a first READ
 * BINARY of up to 255 bytes, then, in chunks of at most 255, exactly what its
 * length says is missing. The buffer is sized from that length before it
 * fills, so no copy of the data is left behind by a reallocation. */
static GByteArray *
read_tlv_file (KakanaiMyNumberCard *card,
               GError             **error)
{
  g_autoptr(GByteArray) contents = NULL;
  KakanaiApduResponse response;
  gsize total, first_length;

  if (!read_binary (card, 0, KAKANAI_MYNUMBER_READ_CHUNK, &response, error))
    return NULL;
  if (!tlv_object_size (response.data, response.length, &total, error))
    {
      kakanai_apdu_response_clear (&response);
      return NULL;
    }

  /* A short first answer means the file ended there. */
  first_length = MIN (response.length, total);
  if (first_length < total && response.length < KAKANAI_MYNUMBER_READ_CHUNK)
    {
      kakanai_apdu_response_clear (&response);
      truncated_file (error);
      return NULL;
    }
  contents = g_byte_array_sized_new ((guint) total);
  g_byte_array_append (contents, response.data, (guint) first_length);
  kakanai_apdu_response_clear (&response);

  while (contents->len < total)
    {
      guint wanted = (guint) MIN (total - contents->len, (gsize) KAKANAI_MYNUMBER_READ_CHUNK);

      if (!read_binary (card, contents->len, wanted, &response, error))
        goto failed;
      if (response.length != wanted)
        {
          kakanai_apdu_response_clear (&response);
          truncated_file (error);
          goto failed;
        }
      g_byte_array_append (contents, response.data, wanted);
      kakanai_apdu_response_clear (&response);
    }
  return g_steal_pointer (&contents);

failed:
  kakanai_wipe (contents->data, contents->len);
  return NULL;
}

/* ---- The read sequence -------------------------------------------------- */

static gboolean
guard_last_try (guint             tries_left,
                KakanaiReadFlags  flags,
                GError          **error)
{
  if (tries_left == 0)
    {
      kakanai_sw_set_error (KAKANAI_SW_AUTH_BLOCKED, "VERIFY", error);
      return FALSE;
    }
  if (tries_left == 1 && !(flags & KAKANAI_READ_ALLOW_LAST_TRY))
    {
      g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_LAST_TRY_REFUSED,
                   _("Only one PIN try is left; the PIN was not sent. "
                     "A wrong PIN now would block the card."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_verified_files (KakanaiMyNumberCard *card,
                     KakanaiReadFlags     flags,
                     KakanaiCardRecord   *record,
                     GError             **error)
{
  g_autoptr(GByteArray) basic_four = NULL;
  g_autoptr(GByteArray) my_number = NULL;
  gboolean ok;

  report_step (card, KAKANAI_READ_STEP_READING_FACE);
  if (!select_file (card, KAKANAI_MYNUMBER_EF_BASIC_FOUR, error))
    return FALSE;
  basic_four = read_tlv_file (card, error);
  if (basic_four == NULL)
    return FALSE;
  ok = kakanai_mynumber_parse_basic_four (basic_four->data, basic_four->len, record, error);
  kakanai_wipe (basic_four->data, basic_four->len);
  if (!ok || !(flags & KAKANAI_READ_WITH_MY_NUMBER))
    return ok;

  report_step (card, KAKANAI_READ_STEP_READING_MY_NUMBER);
  if (!select_file (card, KAKANAI_MYNUMBER_EF_MY_NUMBER, error))
    return FALSE;
  my_number = read_tlv_file (card, error);
  if (my_number == NULL)
    return FALSE;
  record->my_number = kakanai_mynumber_parse_my_number (my_number->data, my_number->len, error);
  kakanai_wipe (my_number->data, my_number->len);
  return record->my_number != NULL;
}

static gboolean
select_and_query_tries (KakanaiMyNumberCard *card,
                        guint               *tries_left,
                        GError             **error)
{
  return select_application (card, error)
         && select_pin_file (card, error)
         && query_tries_left (card, tries_left, error);
}

/* The first error is the one to report; and once the data is complete and
 * checked, losing the card while ending the transaction does not spoil it. */
static void
end_transaction (KakanaiMyNumberCard *card)
{
  g_autoptr(GError) end_error = NULL;

  if (!kakanai_transport_end_transaction (card->transport, &end_error))
    g_debug ("Ending the card transaction failed: %s", end_error->message);
}

gboolean
kakanai_mynumber_card_get_tries_left (KakanaiMyNumberCard *card,
                                      guint               *tries_left,
                                      GError             **error)
{
  guint tries = 0;
  gboolean ok;

  g_return_val_if_fail (card != NULL, FALSE);
  g_return_val_if_fail (tries_left != NULL, FALSE);

  if (!kakanai_transport_begin_transaction (card->transport, error))
    return FALSE;
  ok = select_and_query_tries (card, &tries, error);
  end_transaction (card);
  if (ok)
    *tries_left = tries;
  return ok;
}

KakanaiCardRecord *
kakanai_mynumber_card_read (KakanaiMyNumberCard *card,
                            const char          *pin,
                            KakanaiReadFlags     flags,
                            guint               *tries_left,
                            GError             **error)
{
  g_autoptr(KakanaiCardRecord) record = NULL;
  guint tries = G_MAXUINT;
  gboolean ok;

  g_return_val_if_fail (card != NULL, NULL);

  if (!kakanai_mynumber_pin_is_well_formed (pin))
    {
      g_set_error (error, KAKANAI_CARD_ERROR, KAKANAI_CARD_ERROR_WRONG_PIN,
                   _("The PIN must be exactly 4 digits."));
      return NULL;
    }

  if (!kakanai_transport_begin_transaction (card->transport, error))
    return NULL;

  record = kakanai_card_record_new ();
  begin_progress (card, flags);
  report_step (card, KAKANAI_READ_STEP_OPENING);
  ok = select_and_query_tries (card, &tries, error)
       && guard_last_try (tries, flags, error)
       && verify_pin (card, pin, &tries, error)
       && read_verified_files (card, flags, record, error);
  end_transaction (card);

  if (tries_left != NULL && tries != G_MAXUINT)
    *tries_left = tries;
  if (!ok)
    return NULL;
  report_step (card, KAKANAI_READ_STEP_DONE);
  return g_steal_pointer (&record);
}
