/* kakanai-cli-card.c: placeholder until this subcommand lands */
#include "kakanai-cli.h"
#include <stdio.h>
int
kakanai_cli_card (int argc, char **argv)
{
  fprintf (stderr, "kakanai card: not built yet\n");
  return 70;
}
