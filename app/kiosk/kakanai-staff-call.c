/* kakanai-staff-call.c: what "Call staff" does at the counter: a sound, a command
 * (a pager, a light, a message to the back office), or both.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kakanai-kiosk"

#include "config.h"

#include "kakanai-staff-call.h"

struct _KakanaiStaffCall {
  GObject          parent_instance;

  char            *sound;
  GStrv            command;
  GtkMediaStream  *player;
};

G_DEFINE_FINAL_TYPE (KakanaiStaffCall, kakanai_staff_call, G_TYPE_OBJECT)

static void
on_command_exited (GPid     pid,
                   int      status,
                   gpointer data)
{
  g_autoptr (GError) error = NULL;

  if (!g_spawn_check_wait_status (status, &error))
    g_warning ("[staff] call-command: %s", error->message);
  g_spawn_close_pid (pid);
}

static gboolean
run_command (KakanaiStaffCall *self,
             GError          **error)
{
  GPid pid;

  if (!g_spawn_async (NULL, self->command, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL,
                      NULL, NULL, &pid, error))
    return FALSE;
  g_child_watch_add (pid, on_command_exited, NULL);
  return TRUE;
}

static void
play_sound (KakanaiStaffCall *self)
{
  if (self->player == NULL)
    self->player = gtk_media_file_new_for_filename (self->sound);
  gtk_media_stream_seek (self->player, 0);
  gtk_media_stream_play (self->player);
}

gboolean
kakanai_staff_call_run (KakanaiStaffCall *self,
                        GError          **error)
{
  g_return_val_if_fail (KAKANAI_IS_STAFF_CALL (self), FALSE);

  g_message ("a resident called a member of staff");
  if (self->sound != NULL)
    {
      if (!g_file_test (self->sound, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "[staff] call-sound: %s is not a file",
                       self->sound);
          return FALSE;
        }
      play_sound (self);
    }
  return self->command == NULL || run_command (self, error);
}

static void
kakanai_staff_call_finalize (GObject *object)
{
  KakanaiStaffCall *self = KAKANAI_STAFF_CALL (object);

  g_clear_object (&self->player);
  g_clear_pointer (&self->sound, g_free);
  g_clear_pointer (&self->command, g_strfreev);
  G_OBJECT_CLASS (kakanai_staff_call_parent_class)->finalize (object);
}

static void
kakanai_staff_call_class_init (KakanaiStaffCallClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kakanai_staff_call_finalize;
}

static void
kakanai_staff_call_init (KakanaiStaffCall *self)
{
}

KakanaiStaffCall *
kakanai_staff_call_new (KakanaiConfig *config)
{
  KakanaiStaffCall *self = g_object_new (KAKANAI_TYPE_STAFF_CALL, NULL);
  const char *command = config != NULL ? kakanai_config_get_staff_call_command (config) : NULL;
  g_autoptr (GError) error = NULL;

  self->sound = g_strdup (config != NULL ? kakanai_config_get_staff_call_sound (config) : NULL);
  if (command != NULL && command[0] != '\0' && !g_shell_parse_argv (command, NULL, &self->command, &error))
    g_warning ("[staff] call-command: %s", error->message);
  return self;
}
