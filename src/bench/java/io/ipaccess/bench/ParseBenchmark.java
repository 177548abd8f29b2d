package io.ipaccess.bench;

import io.ipaccess.net.IpAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Reading a client address from the text a socket or a forwarding header gives: the product's
 * strict parser, which should allocate only its result, next to the JDK's literal parser.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ParseBenchmark {

  @Param({"203.0.113.195", "2001:db8:85a3::8a2e:370:7334", "::ffff:192.0.2.1"})
  public String text;

  @Benchmark
  public IpAddress ipaccess() {
    return IpAddress.parse(text);
  }

  @Benchmark
  public InetAddress jdkInetAddress() throws UnknownHostException {
    // A literal: no name lookup happens.
    return InetAddress.getByName(text);
  }
}
