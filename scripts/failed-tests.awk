# Prints "failed: <test> — <first line of its message>" for every result of a TRX report that did not pass.
BEGIN { RS = "<UnitTestResult " }
NR > 1 {
    if (!match($0, /outcome="[A-Za-z]+"/)) next
    outcome = substr($0, RSTART + 9, RLENGTH - 10)
    if (outcome == "Passed") next
    name = ""
    if (match($0, /testName="[^"]*"/)) name = substr($0, RSTART + 10, RLENGTH - 11)
    message = ""
    if (match($0, /<Message>[^<]*/)) {
        message = substr($0, RSTART + 9, RLENGTH - 9)
        sub(/\n.*/, "", message)
        if (length(message) > 300) message = substr(message, 1, 300) "…"
    }
    print "failed (" outcome "): " name (message == "" ? "" : " — " message)
}
