using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// One tag per look-alike name (Data/TagNames.cs): tag_name_key(name) folds compatibility forms
    /// (NFKD: full-width letters, ligatures, mathematical letters), strips accents and invisible
    /// characters, maps letters of other scripts drawn like Latin ones to those (a Cyrillic "С" is a
    /// "c"), lower-cases and collapses spaces; a unique index on it refuses a second tag with the same
    /// key. The function is the only definition of the key: the API asks it too, so its checks and the
    /// index agree. Existing tags whose names already share a key keep their rows and articles; all but
    /// the oldest get " (2)", " (3)"… after their name, for an editor to merge or rename.
    /// </summary>
    public partial class TagNameLookAlikes : Migration
    {
        /// Pairs: a letter, then the Latin letter it is drawn like (both cases of each letter, since
        /// the key is lower-cased). Cyrillic, Greek, Armenian, and Latin letters with a stroke or without
        /// a dot that no decomposition changes.
        const string LookAlikes =
            "Аa аa Вb вb Еe еe Іi іi Јj јj Кk кk Мm мm Нh нh Оo оo Рp рp Сc сc Тt тt Уy уy Хx хx Ѕs ѕs Һh һh "
            + "Ԁd ԁd Ԛq ԛq Ԝw ԝw Үy үy Ӏl ӏl Ьb ьb "
            + "Αa αa Βb βb Εe εe Ζz ζz Ηh ηn Ιi ιi Κk κk Μm Νn νv Οo οo Ρp ρp Τt τt Υy υu Χx χx Ϲc ϲc ϳj "
            + "Օo օo ոn սu հh "
            + "ıi ȷj Łl łl Øo øo Đd đd Ħh ħh Ŧt ŧt ɡg ɑa";

        /// Combining marks (accents) and characters that show nothing: soft hyphen, joiners, direction
        /// marks, variation selectors, byte-order mark.
        const string Stripped =
            @"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff]";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            var pairs = LookAlikes.Split(' ');
            var from = string.Concat(pairs.Select(p => p[0]));
            var to = string.Concat(pairs.Select(p => p[1]));
            migrationBuilder.Sql($"""
                CREATE FUNCTION tag_name_key(name text) RETURNS text
                    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                RETURN lower(btrim(regexp_replace(
                    replace(replace(replace(replace(replace(replace(
                        translate(regexp_replace(normalize(name, NFKD), '{Stripped}', '', 'g'), '{from}', '{to}'),
                        'ß', 'ss'), 'ẞ', 'ss'), 'æ', 'ae'), 'Æ', 'ae'), 'œ', 'oe'), 'Œ', 'oe'),
                    '\s+', ' ', 'g')));
                """);

            migrationBuilder.Sql("""
                DO $$
                DECLARE
                    r record;
                    n int;
                    candidate text;
                BEGIN
                    FOR r IN
                        SELECT id, name, row_number() OVER (PARTITION BY tag_name_key(name) ORDER BY created_at, id) AS place
                        FROM tags
                    LOOP
                        CONTINUE WHEN r.place = 1;
                        n := r.place;
                        LOOP
                            candidate := left(r.name, 100 - length(' (' || n || ')')) || ' (' || n || ')';
                            EXIT WHEN NOT EXISTS (SELECT 1 FROM tags WHERE tag_name_key(name) = tag_name_key(candidate));
                            n := n + 1;
                        END LOOP;
                        UPDATE tags SET name = candidate WHERE id = r.id;
                        RAISE NOTICE 'tag % renamed to % (its name looked like another tag''s)', r.name, candidate;
                    END LOOP;
                END $$;
                """);

            migrationBuilder.Sql("CREATE UNIQUE INDEX ix_tags_name_key ON tags (tag_name_key(name));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX ix_tags_name_key;");
            migrationBuilder.Sql("DROP FUNCTION tag_name_key(text);");
        }
    }
}
