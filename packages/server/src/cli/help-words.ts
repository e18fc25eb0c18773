import type { Command } from 'commander';
import { inLevelWords } from '../oauth/level-words.js';
import type { Catalogue } from '../oauth/scopes.js';

/**
 * Puts every description of the command tree — commands, options, arguments — in the catalogue's words,
 * so `--help` speaks the product's language (docs/own-api.md). Command and option names stay as they
 * are: scripts call them.
 */
export function helpInCatalogueWords(program: Command, catalogue: Catalogue): Command {
  if (!catalogue.webflowDataApi)
    program.description(
      `${catalogue.productName} authorization server (Gatehouse): users, ${catalogue.levels.workspace.plural}, ${catalogue.levels.site.plural}, apps and tokens`,
    );
  const visit = (command: Command) => {
    command.description(inLevelWords(catalogue, command.description()));
    for (const option of command.options) option.description = inLevelWords(catalogue, option.description);
    for (const argument of command.registeredArguments) argument.description = inLevelWords(catalogue, argument.description);
    command.commands.forEach(visit);
  };
  program.commands.forEach(visit);
  return program;
}
