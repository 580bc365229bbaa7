// Checks PledgeGraph's ontology modules with the OWL API bundled in HermiT (owlready2 ships it):
// the OWL 2 DL profile, then HermiT (a complete OWL 2 DL reasoner) for consistency and for
// classes that can have no instance. Offline: every owl:imports of ours maps to its local file.
// Run: java -cp HermiT.jar tests/owl/OntologyCheck.java ontology/pledge.ttl ontology/sectors.ttl ...
// Prints one line per problem ("profile: ...", "inconsistent", "unsatisfiable: <class>") and
// "classes: N, axioms: N" last; exits 1 on any problem.

import java.io.File;
import java.util.Set;
import org.semanticweb.HermiT.Reasoner;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.*;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.semanticweb.owlapi.reasoner.InferenceType;
import org.semanticweb.owlapi.reasoner.OWLReasoner;
import org.semanticweb.owlapi.util.SimpleIRIMapper;

public class OntologyCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        manager.setSilentMissingImportsHandling(false);
        File core = new File(args[0]);
        manager.addIRIMapper(new SimpleIRIMapper(
            IRI.create("https://w3id.org/pledgegraph/ontology"), IRI.create(core.getAbsoluteFile())));
        OWLOntology merged = manager.createOntology(IRI.create("urn:pledgegraph:check"));
        int problems = 0;
        for (String path : args) {
            OWLOntology one = manager.getOntology(IRI.create("https://w3id.org/pledgegraph/ontology"));
            if (one == null || !path.equals(args[0])) {
                one = manager.loadOntologyFromOntologyDocument(new File(path));
            }
            OWLProfileReport report = new OWL2DLProfile().checkOntology(one);
            for (OWLProfileViolation v : report.getViolations()) {
                System.out.println("profile: " + path + ": " + v);
                problems++;
            }
            manager.addAxioms(merged, one.getAxioms());
        }
        OWLReasoner reasoner = new Reasoner.ReasonerFactory().createReasoner(merged);
        reasoner.precomputeInferences(InferenceType.CLASS_HIERARCHY,
            InferenceType.OBJECT_PROPERTY_HIERARCHY, InferenceType.DATA_PROPERTY_HIERARCHY,
            InferenceType.CLASS_ASSERTIONS);
        if (!reasoner.isConsistent()) {
            System.out.println("inconsistent");
            problems++;
        } else {
            Set<OWLClass> empty = reasoner.getUnsatisfiableClasses().getEntitiesMinusBottom();
            for (OWLClass c : empty) {
                System.out.println("unsatisfiable: " + c.getIRI());
                problems++;
            }
        }
        System.out.println("classes: " + merged.getClassesInSignature().size()
            + ", axioms: " + merged.getAxiomCount());
        System.exit(problems == 0 ? 0 : 1);
    }
}
