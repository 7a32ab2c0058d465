/** A modular application that uses caps4j. */
module example.modular {
    requires org.caps4j;
}
