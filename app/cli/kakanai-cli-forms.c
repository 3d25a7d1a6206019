/* kakanai-cli-forms.c: placeholder until this subcommand lands */
#include "kakanai-cli.h"
#include <stdio.h>
int
kakanai_cli_forms (int argc, char **argv)
{
  fprintf (stderr, "kakanai forms: not built yet\n");
  return 70;
}
int
kakanai_cli_fill (int argc, char **argv)
{
  fprintf (stderr, "kakanai fill: not built yet\n");
  return 70;
}
int
kakanai_cli_preview (int argc, char **argv)
{
  fprintf (stderr, "kakanai preview: not built yet\n");
  return 70;
}
