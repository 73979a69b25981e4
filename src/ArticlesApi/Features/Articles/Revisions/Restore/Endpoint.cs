using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.Articles.Revisions;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Articles.Revisions.Restore;

sealed class Request : ActionRequest
{
    /// The revision to bring back.
    public int Number { get; init; }
}

sealed class Endpoint(ArticlesDb db) : Endpoint<Request, ArticleResponse>
{
    public override void Configure()
    {
        Post("/articles/{idOrSlug}/revisions/{number}/restore");
        Definition.Declare(ConditionalWrite.IfMatchRequired, IdempotentPost.Instance);
        Roles(RoleNames.Writers);
        Description(b => b.ClearDefaultAccepts().Produces<ArticleResponse>(200).ProducesProblems(400, 401, 403, 404, 409, 412, 422, 428));
        Summary(s =>
        {
            s.Summary = "Make a revision's content current again (those who may edit the article)";
            s.ExampleRequest = ArticleExamples.RevisionRestore;
            s.Description = "Needs If-Match with the article's current ETag. The revision's title, subtitle, excerpt, body, language, feature image, "
                + "canonical URL, kind, featured, seo, translation group, authors, tags (in their order) and citations replace the current ones, "
                + "as a new revision (`revisionRestored`); the slug, status, "
                + "dates and corrections stay as they are (publish, unpublish and corrections have their own actions). A revision that "
                + "names an author, tag or source deleted since answers 409 naming each (`errors`), and nothing is written.";
            s.Responses[200] = "The article as it is now.";
            s.Responses[403] = "The key may not edit this article, or the revision leaves out the key's own author.";
            s.Responses[404] = "No such article (or in the trash) or revision, or not one this key may see.";
            s.Responses[409] = "The revision names deleted authors, tags or sources (`revision-references-deleted`, `errors` names each), "
                + "its translation group has another article in its language now (`translation-language-taken`, naming it), "
                + "the article was taken down (`taken-down`), or a request with the same Idempotency-Key is still running.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var article = await ArticleAccess.FindAsync(db, req.IdOrSlug, includeTrashed: false, ct);
        var refused = article is null ? ArticleAccess.NotFound(req.IdOrSlug)
            : await ArticleAccess.RefuseAsync(db, Caller.From(User), article, req.IfMatch, HttpContext.DeclaredIfMatch(), ct);
        if (refused is not null)
        {
            await Send.RefusalAsync(refused);
            return;
        }
        if (await ArticleRevisionReads.FindAsync(db, article!.Id, req.Number, ct) is not { } revision)
        {
            await HttpContext.Response.SendResultAsync(Problems.NotFound(ArticleRevisionReads.NoSuchRevision(req.IdOrSlug, req.Number)));
            return;
        }
        refused = await RestoreAsync(article, ArticleRevisionReads.ArticleOf(revision.Snapshot), req.Number, ct);
        await (refused is null ? Send.OkAsync(await CurrentArticle.ReadAsync(db, article.Id, ct), ct) : Send.RefusalAsync(refused));
    }

    async Task<WriteRefusal?> RestoreAsync(Article article, RevisionArticle was, int number, CancellationToken ct)
    {
        if (article.Status == ArticleStatus.TakenDown)
            return new WriteRefusal.TakenDown(article.Slug);
        var caller = Caller.From(User);
        if (!caller.ManagesAllArticles && !was.Authors.Contains(caller.AuthorId!.Value))
            return new WriteRefusal.Forbidden("Authors and contributors cannot restore a revision their own author is not on.");
        if (await DeletedSinceAsync(was, ct) is { Count: > 0 } deleted)
            return new WriteRefusal.ReferencesDeleted(deleted);
        var group = was.RecordsCuration ? await GroupAsync(article, was.TranslationGroup, ct) : article.TranslationGroupId;
        // One article per language in a group: the one that holds the revision's language there now is named, nothing is written
        // (the unique index decides between concurrent writers, with the same 409).
        if (group is not null && await db.Articles.AsNoTracking()
                .Where(a => a.TranslationGroupId == group && a.Id != article.Id && a.DeletedAt == null && a.Language == was.Language)
                .Select(a => a.Slug).FirstOrDefaultAsync(ct) is { } holder)
            return new WriteRefusal.TranslationLanguageTaken(was.Language, holder);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var body = ArticleBody.FromMarkdown(was.Markdown, await ArticleMedia.ResolveAsync(db, Resolve<ArticlesApi.Features.Media.Storage.IMediaStorage>(),
            Resolve<BodyContext>(), was.Markdown, null, null, ct));
        article.Title = was.Title;
        article.Subtitle = was.Subtitle;
        article.Body = body;
        (article.Excerpt, article.ExcerptIsCustom) = was.ExcerptIsCustom ? (was.Excerpt, true) : (body.DefaultExcerpt(), false);
        article.Language = was.Language;
        article.WordCount = body.WordCount();
        article.ReadingTimeMinutes = body.ReadingTimeMinutes();
        article.FeatureImage = was.FeatureImage is { } image
            ? new FeatureImage
            {
                Url = image.Url, Alt = image.Alt, Caption = image.Caption, Credit = image.Credit, MediaId = image.Media,
                MediaDetails = FeatureImageDetails.Of(image),
            }
            : null;
        article.CanonicalUrl = was.CanonicalUrl;
        if (was.RecordsCuration)
        {
            article.Kind = was.Kind!.Value;
            article.Featured = was.Featured ?? article.Featured;
            article.Seo = new ArticleSeo { MetaTitle = was.Seo?.MetaTitle, MetaDescription = was.Seo?.MetaDescription, OgImage = was.Seo?.OgImage };
            article.TranslationGroupId = group;
        }
        article.RevisionAction = RevisionActions.RevisionRestored;
        article.RevisionNote = $"Restored revision {number}.";
        // The article row first, as PUT does: its row version decides between concurrent writers.
        var refused = await db.TrySaveAsync(article.Slug, ct);
        if (refused is null)
        {
            await db.ArticleAuthors.Where(x => x.ArticleId == article.Id).ExecuteDeleteAsync(ct);
            await db.ArticleTags.Where(x => x.ArticleId == article.Id).ExecuteDeleteAsync(ct);
            await db.Citations.Where(x => x.ArticleId == article.Id).ExecuteDeleteAsync(ct);
            db.ArticleAuthors.AddRange(was.Authors.Select((id, i) => new ArticleAuthor { ArticleId = article.Id, AuthorId = id, Position = i }));
            db.ArticleTags.AddRange(was.Tags.Select((id, i) => new ArticleTag { ArticleId = article.Id, TagId = id, Position = i }));
            db.Citations.AddRange(was.Citations.Select((c, i) => new Citation
            {
                ArticleId = article.Id, SourceId = c.Source, Claim = c.Claim, Attribution = c.Attribution, Quote = c.Quote, Url = c.Url, Position = i,
            }));
            // A reference deleted between the check and here fails the foreign key: ReferenceBroken, nothing written.
            refused = await db.TrySaveAsync(article.Slug, ct);
        }
        if (refused is null)
            await transaction.CommitAsync(ct);
        return refused;
    }

    /// The revision's translation group if another article out of the trash still has it (as `translationOf` names only such
    /// articles); none when everyone else has left it since.
    async Task<Guid?> GroupAsync(Article article, Guid? group, CancellationToken ct) =>
        group is { } g && await db.Articles.AnyAsync(a => a.TranslationGroupId == g && a.Id != article.Id && a.DeletedAt == null, ct) ? g : null;

    /// Each author, tag and citation source the revision names that no longer exists, by the member naming it.
    async Task<List<(string Name, string Reason)>> DeletedSinceAsync(RevisionArticle was, CancellationToken ct)
    {
        var sources = was.Citations.Select(c => c.Source).Distinct().ToList();
        var authors = await db.Authors.Where(a => was.Authors.Contains(a.Id)).Select(a => a.Id).ToListAsync(ct);
        var tags = await db.Tags.Where(t => was.Tags.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct);
        var found = await db.Sources.Where(s => sources.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
        var deleted = new List<(string, string)>();
        deleted.AddRange(was.Authors.Select((id, i) => (id, i)).Where(x => !authors.Contains(x.id))
            .Select(x => ($"authors[{x.i}]", $"The author '{x.id}' was deleted since this revision.")));
        deleted.AddRange(was.Tags.Select((id, i) => (id, i)).Where(x => !tags.Contains(x.id))
            .Select(x => ($"tags[{x.i}]", $"The tag '{x.id}' was deleted since this revision.")));
        deleted.AddRange(was.Citations.Select((c, i) => (c.Source, i)).Where(x => !found.Contains(x.Source))
            .Select(x => ($"citations[{x.i}].source", $"The source '{x.Source}' was deleted since this revision.")));
        var media = ArticleBody.MediaReferences(was.Markdown).Concat(was.FeatureImage?.Media is { } f ? [f] : []).Distinct().ToList();
        var mediaFound = await db.Media.Where(m => media.Contains(m.Id)).Select(m => m.Id).ToListAsync(ct);
        if (was.FeatureImage?.Media is { } featured && !mediaFound.Contains(featured))
            deleted.Add(("featureImage.media", $"The media item '{featured}' was deleted since this revision."));
        if (ArticleBody.MediaReferences(was.Markdown).Where(m => !mediaFound.Contains(m)).ToList() is { Count: > 0 } gone)
            deleted.Add(("markdown", $"The media item(s) {string.Join(", ", gone.Select(g => $"'{g}'"))} shown in the body were deleted since this revision."));
        return deleted;
    }
}
