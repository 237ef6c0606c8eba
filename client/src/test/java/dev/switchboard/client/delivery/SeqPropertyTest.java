package dev.switchboard.client.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SeqPropertyTest {

  @Property
  void comparesPartWiseAsUnsigned64BitNumbers(
      @ForAll long ms1, @ForAll long n1, @ForAll long ms2, @ForAll long n2) {
    Seq a = new Seq(ms1, n1);
    Seq b = new Seq(ms2, n2);

    int byMs = unsigned(ms1).compareTo(unsigned(ms2));
    int expected = byMs != 0 ? byMs : unsigned(n1).compareTo(unsigned(n2));
    assertThat(Integer.signum(a.compareTo(b))).isEqualTo(expected);
  }

  @Property
  void theWireFormRoundTrips(@ForAll long ms, @ForAll long n) {
    Seq seq = new Seq(ms, n);

    assertThat(Seq.parse(seq.toString())).contains(seq);
    assertThat(seq.toString()).isEqualTo(unsigned(ms) + "-" + unsigned(n));
  }

  @Test
  void neverComparesAsStrings() {
    Seq nine = Seq.parse("9-0").orElseThrow();
    Seq ten = Seq.parse("10-0").orElseThrow();
    Seq tenTwo = Seq.parse("10-2").orElseThrow();
    Seq tenTen = Seq.parse("10-10").orElseThrow();

    assertThat(nine).isLessThan(ten);
    assertThat(tenTwo).isLessThan(tenTen);
    assertThat(Seq.parse("18446744073709551615-0").orElseThrow()).isGreaterThan(ten);
  }

  @Test
  void rejectsWhatIsNotTwoUnsigned64BitDecimals() {
    assertThat(Seq.parse("12")).isEmpty();
    assertThat(Seq.parse("-1-0")).isEmpty();
    assertThat(Seq.parse("1-+2")).isEmpty();
    assertThat(Seq.parse("1-2-3")).isEmpty();
    assertThat(Seq.parse("18446744073709551616-0")).isEmpty();
    assertThat(Seq.parse(" 1-2")).isEmpty();
    assertThat(Seq.parse("")).isEmpty();
    assertThat(Seq.parse(null)).isEmpty();
  }

  private static BigInteger unsigned(long value) {
    return new BigInteger(Long.toUnsignedString(value));
  }
}
