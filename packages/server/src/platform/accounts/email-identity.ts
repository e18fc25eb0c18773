/**
 * One identity per address (docs/dashboard.md, "One account per address"). Two spellings that a
 * person reads as the same address are one key: compatibility forms such as fullwidth `ａ` or the `ﬁ`
 * ligature fold to their plain letters (Unicode NFKC), case is folded (`ß` ≡ `ss`, `Σ`/`ς` ≡ `σ`), and
 * invisible default-ignorable characters (zero-width space, soft hyphen) are dropped: in effect the
 * Unicode NFKC_Casefold mapping, in the spirit of the UsernameCaseMapped profile of RFC 8265 §3.3.
 *
 * The key is what `users.email` stores and what every look-up compares; sign-in, sign-up and the
 * member form all pass through this one function.
 */
export function emailIdentity(email: string): string {
  return (
    email
      .normalize('NFKC')
      .replace(/\p{Default_Ignorable_Code_Point}/gu, '')
      // toUpperCase first makes the multi-letter folds (ß → SS → ss); JS lowercases a word-final Σ to ς.
      .toUpperCase()
      .toLowerCase()
      .replace(/ς/g, 'σ')
      .normalize('NFKC')
      .trim()
  );
}
