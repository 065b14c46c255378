import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;

/**
 * The JVM's trust store from Debian's ca-certificates, as ca-certificates-java would make it: the package's scripts
 * never run in an image put together from unpacked packages, so build-base.sh runs this (java CaCerts.java dir out).
 * One JVM for all the certificates, where keytool would take one start per certificate.
 */
public class CaCerts {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".crt")).sorted().toList();
        }
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                X509Certificate cert = (X509Certificate) x509.generateCertificate(in);
                String alias = "debian:" + file.getFileName().toString().replaceFirst("\\.crt$", "").toLowerCase() + ".pem";
                store.setCertificateEntry(alias, cert);
            }
        }
        try (OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
            store.store(out, "changeit".toCharArray());
        }
        System.out.println(files.size() + " certificates in " + args[1]);
    }
}
