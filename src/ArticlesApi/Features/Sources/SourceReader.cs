using ArticlesApi.Data;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Sources;

/// The representation that writes answer with and check If-Match against (the one GET returns).
public static class SourceReader
{
    public static async Task<object> ReadBoxedAsync(ArticlesDb db, Guid id, CancellationToken ct) => await ReadAsync(db, id, ct);

    public static Task<SourceResponse> ReadAsync(ArticlesDb db, Guid id, CancellationToken ct) =>
        db.Sources.AsNoTracking().Where(s => s.Id == id).Select(SourceProjections.Public(DateTime.UtcNow)).SingleAsync(ct);
}
