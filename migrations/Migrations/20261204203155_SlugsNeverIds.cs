using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// No slug may be read as an id (Slug.IdShapedPattern): a UUID-shaped slug let one article answer
    /// another's id URL. Existing ones get "-1" (or the next free number) so they can no longer pose
    /// as ids; then every slugged table refuses them.
    /// </summary>
    public partial class SlugsNeverIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DO $$
                DECLARE
                    id_shaped constant text := '^(?:[0-9a-fx]{8}-[0-9a-fx]{4}-[0-9a-fx]{4}-[0-9a-fx]{4}-[0-9a-fx]{12}|[0-9a-fx]{32})$';
                    tbl text;
                    r record;
                    n int;
                    candidate text;
                    taken boolean;
                BEGIN
                    FOREACH tbl IN ARRAY ARRAY['articles', 'authors', 'tags', 'sources'] LOOP
                        FOR r IN EXECUTE format('SELECT id, slug FROM %I WHERE slug ~ %L', tbl, id_shaped) LOOP
                            n := 1;
                            LOOP
                                candidate := r.slug || '-' || n;
                                EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE slug = $1)', tbl) INTO taken USING candidate;
                                EXIT WHEN NOT taken;
                                n := n + 1;
                            END LOOP;
                            EXECUTE format('UPDATE %I SET slug = $1 WHERE id = $2', tbl) USING candidate, r.id;
                            RAISE NOTICE '%: slug % renamed to % (it could be read as an id)', tbl, r.slug, candidate;
                        END LOOP;
                    END LOOP;
                END $$;
                """);

            migrationBuilder.AddCheckConstraint(
                name: "ck_tags_slug_not_id",
                table: "tags",
                sql: "slug !~ '^(?:[0-9a-fx]{8}-[0-9a-fx]{4}-[0-9a-fx]{4}-[0-9a-fx]{4}-[0-9a-fx]{12}|[0-9a-fx]{32})$'");

            migrationBuilder.AddCheckConstraint(
                name: "ck_sources_slug_not_id",
                table: "sources",
                sql: "slug !~ '^(?:[0-9a-fx]{8}-[0-9a-fx]{4}-[0-9a-fx]{4}-[0-9a-fx]{4}-[0-9a-fx]{12}|[0-9a-fx]{32})$'");

            migrationBuilder.AddCheckConstraint(
                name: "ck_authors_slug_not_id",
                table: "authors",
                sql: "slug !~ '^(?:[0-9a-fx]{8}-[0-9a-fx]{4}-[0-9a-fx]{4}-[0-9a-fx]{4}-[0-9a-fx]{12}|[0-9a-fx]{32})$'");

            migrationBuilder.AddCheckConstraint(
                name: "ck_articles_slug_not_id",
                table: "articles",
                sql: "slug !~ '^(?:[0-9a-fx]{8}-[0-9a-fx]{4}-[0-9a-fx]{4}-[0-9a-fx]{4}-[0-9a-fx]{12}|[0-9a-fx]{32})$'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_tags_slug_not_id",
                table: "tags");

            migrationBuilder.DropCheckConstraint(
                name: "ck_sources_slug_not_id",
                table: "sources");

            migrationBuilder.DropCheckConstraint(
                name: "ck_authors_slug_not_id",
                table: "authors");

            migrationBuilder.DropCheckConstraint(
                name: "ck_articles_slug_not_id",
                table: "articles");
        }
    }
}
