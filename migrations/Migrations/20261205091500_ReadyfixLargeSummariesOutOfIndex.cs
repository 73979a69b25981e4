using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// Large ready-made summaries out of the front page's index (docs/decisions, the readymade ADR): a B-tree refuses an
    /// index tuple over 2,704 bytes after compression, and the index INCLUDEd every summary's doc and keys, so an article
    /// with a large summary (long title, subtitle, excerpt, many authors and tags, a long feature image text) failed its
    /// write. `doc_in_index` (set by the API when doc and keys are small enough to fit whatever their compression)
    /// splits the index in two partial ones: the usual rows keep the index-only scan with doc and keys INCLUDEd; the
    /// large ones are indexed by key only and read from the heap. The page reads both, merged.
    /// </summary>
    public partial class ReadyfixLargeSummariesOutOfIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE article_summaries_ready ADD COLUMN doc_in_index boolean NOT NULL DEFAULT true;
                COMMENT ON COLUMN article_summaries_ready.doc_in_index IS
                    'false: doc and keys too large for a B-tree tuple; the row is indexed without them and read from the heap.';
                DROP INDEX ix_article_summaries_ready_front_page;
                CREATE INDEX ix_article_summaries_ready_front_page
                    ON article_summaries_ready (published_at DESC, article_id DESC) INCLUDE (doc, keys) WHERE doc_in_index;
                CREATE INDEX ix_article_summaries_ready_front_page_large
                    ON article_summaries_ready (published_at DESC, article_id DESC) WHERE NOT doc_in_index;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The large summaries cannot go back into a single INCLUDE index: they are emptied (rendered again, by the
            // query path meanwhile) and kept out of it by their NULL doc.
            migrationBuilder.Sql("""
                DROP INDEX ix_article_summaries_ready_front_page_large;
                DROP INDEX ix_article_summaries_ready_front_page;
                UPDATE article_summaries_ready SET doc = NULL, keys = '{}' WHERE NOT doc_in_index;
                ALTER TABLE article_summaries_ready DROP COLUMN doc_in_index;
                CREATE INDEX ix_article_summaries_ready_front_page
                    ON article_summaries_ready (published_at DESC, article_id DESC) INCLUDE (doc, keys);
                """);
        }
    }
}
