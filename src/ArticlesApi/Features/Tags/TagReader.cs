using ArticlesApi.Data;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Tags;

/// The representation that writes answer with and check If-Match against (the one GET returns).
public static class TagReader
{
    public static async Task<object> ReadBoxedAsync(ArticlesDb db, Guid id, CancellationToken ct) => await ReadAsync(db, id, ct);

    public static Task<TagResponse> ReadAsync(ArticlesDb db, Guid id, CancellationToken ct) =>
        db.Tags.AsNoTracking().Where(t => t.Id == id).Select(TagProjections.Public(DateTime.UtcNow)).SingleAsync(ct);
}
