using ArticlesApi.Infrastructure.Resilience;
using Npgsql;

namespace ArticlesApi.Tests.Features.Resilience;

public sealed class ConnectionDefaultsTests
{
    [Fact]
    public void Defaults_Bound_Waits_And_Prepare_Hot_Commands()
    {
        var csb = new NpgsqlConnectionStringBuilder(ConnectionDefaults.Apply("Host=db;Database=articles"));

        csb.Timeout.ShouldBe(ConnectionDefaults.ConnectTimeoutSeconds);
        csb.CommandTimeout.ShouldBe(ConnectionDefaults.CommandTimeoutSeconds);
        csb.MaxPoolSize.ShouldBe(ConnectionDefaults.MaxPoolSize);
        csb.MaxAutoPrepare.ShouldBe(ConnectionDefaults.MaxAutoPrepare);
        csb.NoResetOnClose.ShouldBeTrue();
        csb.Enlist.ShouldBeFalse();
    }

    [Fact]
    public void Settings_In_The_Connection_String_Win()
    {
        var csb = new NpgsqlConnectionStringBuilder(ConnectionDefaults.Apply(
            "Host=db;Timeout=9;Command Timeout=60;Maximum Pool Size=7;Max Auto Prepare=0;No Reset On Close=false;Enlist=true"));

        csb.Timeout.ShouldBe(9);
        csb.CommandTimeout.ShouldBe(60);
        csb.MaxPoolSize.ShouldBe(7);
        csb.MaxAutoPrepare.ShouldBe(0);
        csb.NoResetOnClose.ShouldBeFalse();
        csb.Enlist.ShouldBeTrue();
    }
}
