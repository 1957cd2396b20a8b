import { Args, Command, Flags } from '@oclif/core';

export default class Hello extends Command {
  static override summary = 'Greet someone.';
  static override description = 'Prints a greeting, in capitals with --shout, as many times as --times says.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> Ada --shout',
    '<%= config.bin %> <%= command.id %> Ada --times 3',
  ];

  static override args = {
    name: Args.string({ description: 'who to greet', default: 'world' }),
  };

  static override flags = {
    shout: Flags.boolean({ char: 's', description: 'greet in capitals' }),
    times: Flags.integer({ char: 't', description: 'how many greetings', default: 1, min: 1, max: 10 }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Hello);
    const greeting = flags.shout ? `HELLO, ${args.name.toUpperCase()}!` : `hello, ${args.name}`;
    for (let i = 0; i < flags.times; i++) this.log(greeting);
  }
}
