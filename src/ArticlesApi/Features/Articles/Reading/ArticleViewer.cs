using System.Security.Claims;
using ArticlesApi.Infrastructure.Auth;

namespace ArticlesApi.Features.Articles;

/// Who is reading: the public, an editor or admin (every article but the trash), or an author or
/// contributor (the public set plus the unpublished articles they co-author), as in Ghost. A reader key reads as the public.
public sealed record ArticleViewer(bool SeesAll, Guid? OwnAuthorId)
{
    public static readonly ArticleViewer Public = new(false, null);

    public bool SeesUnpublished => SeesAll || OwnAuthorId is not null;

    public static ArticleViewer Of(ClaimsPrincipal user)
    {
        if (Caller.ReadsAsPublic(user))
            return Public;
        var caller = Caller.From(user);
        return caller.ManagesAllArticles ? new ArticleViewer(true, null) : new ArticleViewer(false, caller.AuthorId);
    }
}
