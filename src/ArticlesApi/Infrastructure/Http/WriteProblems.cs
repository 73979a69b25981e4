using System.Diagnostics;
using ArticlesApi.Infrastructure.Database;
using FastEndpoints;

namespace ArticlesApi.Infrastructure.Http;

/// The one place where a refused write becomes its answer: its kind (ProblemTypes), detail and extra members.
public static class WriteProblems
{
    public static IResult For(WriteRefusal refusal) => refusal switch
    {
        WriteRefusal.NotFound r => Problems.NotFound($"No {r.Resource} with {(Guid.TryParse(r.Key, out _) ? "id" : "slug")} '{r.Key}'."),
        WriteRefusal.Forbidden r => Problems.Forbidden(r.Reason),
        WriteRefusal.SlugTaken r => Problems.Result(ProblemTypes.SlugTaken, $"The slug '{r.Slug}' is already taken.", new Dictionary<string, object?> { ["slug"] = r.Slug }),
        WriteRefusal.VersionMissing => Problems.PreconditionRequired(),
        WriteRefusal.Stale => Problems.PreconditionFailed(),
        WriteRefusal.LookAlikeTag r => LookAlike(r),
        WriteRefusal.LookAlikeTagMeanwhile => Problems.Result(ProblemTypes.WriteConflict,
            "A tag whose name looks like one written here was created at the same time. Read the tags again and retry."),
        WriteRefusal.ReferenceBroken => Problems.Result(ProblemTypes.WriteConflict,
            "The write refers to something that was deleted meanwhile, or deletes something still in use. Read again and retry."),
        WriteRefusal.TranslationLanguageTaken r => TranslationLanguage(r),
        WriteRefusal.InUse r => Problems.Result(ProblemTypes.StillReferenced, r.Reason),
        _ => throw new UnreachableException($"No answer for {refusal}."),
    };

    /// In a handler: `await Send.RefusalAsync(refused)`.
    public static Task<FastEndpoints.Void> RefusalAsync(this IResponseSender send, WriteRefusal refusal) =>
        send.HttpContext.Response.SendResultAsync(For(refusal));

    /// 409 naming `language` and `translationOf` (as a validation error would) and the article that holds the language.
    static IResult TranslationLanguage(WriteRefusal.TranslationLanguageTaken r)
    {
        var reason = r.ExistingSlug is { } slug
            ? $"The translation group already has an article in '{r.Language}' ('{slug}'): one article per language."
            : $"Another article of the translation group is in '{r.Language}' (one article per language; it may have joined at the same time): "
              + "read the group again, and change the language or take that article out of the group.";
        var members = new Dictionary<string, object?> { ["errors"] = new[] { new { name = "language", reason }, new { name = "translationOf", reason } } };
        if (r.ExistingSlug is not null)
            members["slug"] = r.ExistingSlug;
        return Problems.Result(ProblemTypes.TranslationLanguageTaken, reason, members);
    }

    /// 409 naming `name` (as a validation error would) and the existing tag's slug.
    static IResult LookAlike(WriteRefusal.LookAlikeTag r)
    {
        var reason = $"'{r.Name}' looks like the name of the existing tag '{r.ExistingName}' (slug '{r.ExistingSlug}'): use that tag, or a name that reads differently.";
        return Problems.Result(ProblemTypes.LookAlikeTag, reason, new Dictionary<string, object?>
        {
            ["slug"] = r.ExistingSlug,
            ["errors"] = new[] { new { name = r.Field, reason } },
        });
    }
}
