/* kakanai-cli-counter.c: placeholder until this subcommand lands */
#include "kakanai-cli.h"
#include <stdio.h>
int
kakanai_cli_print (int argc, char **argv)
{
  fprintf (stderr, "kakanai print: not built yet\n");
  return 70;
}
int
kakanai_cli_stats (int argc, char **argv)
{
  fprintf (stderr, "kakanai stats: not built yet\n");
  return 70;
}
