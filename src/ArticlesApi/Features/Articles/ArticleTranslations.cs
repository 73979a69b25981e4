using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Validation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Articles;

/// `translationOf` on an article write: which translation group the article joins or leaves, and the rule of one
/// article per language in a group (checked here to name the article that holds the language; the unique index
/// TranslationGroups.OneLanguageIndex decides between concurrent writers).
public static class ArticleTranslations
{
    /// The article `translationOf` names, tracked, when the caller may read it; a failure naming `translationOf` otherwise.
    /// Null also when the body has no `translationOf` or has null.
    public static async Task<Article?> ResolveAsync(ArticlesDb db, ArticleInput input, Guid self, ArticleViewer viewer,
        List<ValidationFailure> failures, CancellationToken ct)
    {
        if (input.TranslationOf?.Trim() is not { Length: > 0 } key)
            return null;
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var readable = db.Readable(now, viewer);
        var id = Guid.TryParse(key, out var parsed) ? parsed : await readable.Where(a => a.Slug == key).Select(a => a.Id).FirstOrDefaultAsync(ct);
        var target = id == Guid.Empty || !await readable.AnyAsync(a => a.Id == id, ct)
            ? null
            : await db.Articles.SingleAsync(a => a.Id == id, ct);
        if (target is null)
            failures.Add(new ValidationFailure("translationOf", $"No article with id or slug '{key}'."));
        else if (target.Id == self)
        {
            failures.Add(new ValidationFailure("translationOf", "An article cannot be a translation of itself: name the article it translates."));
            return null;
        }
        return target;
    }

    /// Puts `article` in the group of `target` (made when the target had none), out of its group (`translationOf: null`),
    /// or leaves it where it is (no `translationOf`); then refuses a language already present in the group.
    public static async Task<WriteRefusal?> ApplyAsync(ArticlesDb db, Article article, ArticleInput input, Article? target, CancellationToken ct)
    {
        if (target is not null)
        {
            if (target.Language == article.Language)
                return new WriteRefusal.TranslationLanguageTaken(article.Language, target.Slug);
            if (target.TranslationGroupId is null || target.TranslationGroupId != article.TranslationGroupId)
            {
                target.TranslationGroupId ??= Guid.CreateVersion7();
                article.TranslationGroupId = target.TranslationGroupId;
            }
        }
        else if (input.TranslationOfGiven && input.TranslationOf is null)
            article.TranslationGroupId = null;

        if (article.TranslationGroupId is not { } group)
            return null;
        var holder = await db.Articles.AsNoTracking()
            .Where(a => a.TranslationGroupId == group && a.Id != article.Id && a.DeletedAt == null && a.Language == article.Language)
            .Select(a => a.Slug)
            .FirstOrDefaultAsync(ct);
        return holder is null ? null : new WriteRefusal.TranslationLanguageTaken(article.Language, holder);
    }
}
